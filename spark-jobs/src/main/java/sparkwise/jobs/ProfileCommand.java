package sparkwise.jobs;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.TrainConfig;
import sparkwise.data.LoadedTable;
import sparkwise.features.ColumnProfile;
import sparkwise.features.DroppedColumn;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.Profiler;
import sparkwise.features.SanityChecks;
import sparkwise.features.TaskDetector;

@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Print the profile of a table: each column's type, nulls, distinct values, and what train would do.")
final class ProfileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "SRC", description = "The table to profile.")
  String data;

  @Option(names = "--label", paramLabel = "COL", description = "The label column: adds the task and leak checks.")
  String label;

  @Option(names = "--json", description = "Print the profile as JSON.")
  boolean json;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.get();
    LoadedTable table = Inputs.read(spark, "--data", data);
    Dataset<Row> df = table.data();
    List<String> columns = new ArrayList<>(List.of(df.columns()));
    LabelInfo info = null;
    String labelIndex = null;
    if (label != null) {
      info = TaskDetector.detect(df, label, "auto", 2);
      columns.remove(info.name());
      df = LabelIndex.add(df, info.name(), info.task(), info.classes());
      labelIndex = LabelIndex.COLUMN;
    }
    Profile p = Profiler.profile(df, columns, labelIndex);
    List<DroppedColumn> dropped = SanityChecks.check(p, TrainConfig.defaults().features());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      var node = p.toJson();
      if (info != null) {
        node.put("task", info.task().id());
        node.put("label", info.name());
      }
      var d = node.putArray("dropped_columns");
      dropped.forEach(c -> d.addObject().put("column", c.column()).put("reason", c.reason()));
      out.println(node.toPrettyString());
    } else {
      out.printf("table: %s (%s), %d rows, %d columns%n", table.info().path(), table.info().format(), p.rows(), columns.size() + (info == null ? 0 : 1));
      if (info != null) {
        out.printf("label: %s, task: %s%s%n", info.name(), info.task().id(),
            info.task().isClassification() ? ", classes: " + info.classes() + " " + info.classCounts() : "");
      }
      out.printf("%-28s %-15s %8s %10s  %s%n", "column", "kind", "nulls", "distinct", "treatment");
      for (ColumnProfile c : p.columns()) {
        String why = dropped.stream().filter(d -> d.column().equals(c.name())).map(d -> "DROP: " + d.reason())
            .findFirst().orElse(treatment(c, info == null ? null : info.task()));
        out.printf(Locale.ROOT, "%-28s %-15s %7.1f%% %10d  %s%n", c.name(), c.kind().id(),
            100 * c.nullFraction(p.rows()), c.distinct(), why);
      }
    }
    out.flush();
    return 0;
  }

  private static String treatment(ColumnProfile c, sparkwise.Task task) {
    String targetMean = task == null || task == sparkwise.Task.MULTICLASS ? "" : "; out-of-fold target mean";
    return switch (c.kind()) {
      case NUMERIC, BOOLEAN -> "impute median";
      case NUMERIC_STRING -> "parse as number, impute median";
      case CATEGORICAL -> c.distinct() <= 32 ? "index + one-hot"
          : "rare levels folded; frequency rank (trees), one-hot (linear)" + targetMean;
      case DATE, TIMESTAMP -> (c.sparkType().equals("string") ? "parse as date; " : "") + "year, month, day, weekday, days since 1970";
      case TEXT -> "tokens, hashed term frequencies";
      case UNSUPPORTED -> "unused";
    };
  }
}
