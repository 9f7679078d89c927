package sparkwise.jobs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.data.DataSource;
import sparkwise.data.DemoData;
import sparkwise.data.LoadedTable;
import sparkwise.data.TableRef;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate the example churn table (Delta) and train on it.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--rows", defaultValue = "30000", paramLabel = "N", description = "Rows to generate (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--budget", paramLabel = "DURATION", description = "Training budget (default 150s, or the config's).")
  String budget;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the data and the run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML job config.")
  Path config;

  @Option(names = "--generate-only", description = "Write the table, do not train.")
  boolean generateOnly;

  @Override
  public Integer call() {
    if (rows < 100) {
      throw sparkwise.Errors.outOfRange("--rows", rows, "at least 100");
    }
    String effectiveBudget = budget == null && config == null ? "150s" : budget;
    TrainConfig cfg = ConfigLoader.load(config, new ConfigOverrides(DemoData.LABEL, effectiveBudget, seed));
    SparkSession spark = SparkSessions.get();
    String table = new org.apache.hadoop.fs.Path(common.warehouse, "demo/churn_" + rows + "_" + seed).toString();
    StderrProgress progress = new StderrProgress(spec.commandLine().getErr(), common);
    var out = spec.commandLine().getOut();
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, table)) {
      progress.phase("generating " + rows + " rows into " + table);
      sparkwise.data.TableWriter.write(spark, DemoData.generate(spark, rows, seed), table, false);
    }
    out.printf("data:    %s (Delta, label '%s')%n", table, DemoData.LABEL);
    if (generateOnly) {
      out.flush();
      return 0;
    }
    LoadedTable loaded = DataSource.read(spark, TableRef.parse("--data", table));
    String summary = new org.apache.hadoop.fs.Path(common.warehouse, "demo/last-summary.json").toString();
    TrainResult r = Sparkwise.train(spark, loaded.data(), cfg, Main.processStartMillis == null
        ? new TrainOptions(common.warehouse, null, loaded.info(), progress)
        : new TrainOptions(common.warehouse, null, loaded.info(), progress).clockStartedAt(Main.processStartMillis));
    Outputs.writeJson(summary, r.summary().toPrettyString());
    out.printf("run %s: best %s, holdout %s%n", r.runId(), r.summary().get("best_model").asText(), r.summary().get("holdout"));
    out.printf("dropped: %s%n", r.summary().get("dropped_columns"));
    out.printf("model:   %s%n", r.modelPath());
    out.printf("tables:  %s/{runs,trials,leaderboard}%n", common.warehouse);
    out.printf("summary: %s%n", summary);
    out.printf("next:    scripts/sparkwise score --model %s --data %s --output /tmp/churn-scores%n", r.modelPath(), table);
    out.flush();
    return 0;
  }
}
