package sparkwise.jobs;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.Errors;
import sparkwise.tracking.Tables;

@Command(name = "show", mixinStandardHelpOptions = true,
    description = "One run and every trial it recorded, in proposal order (rows exactly as the trials table holds them).")
final class RunsShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
  String runId;

  /** A Sparkwise table under the warehouse, or null when it does not exist yet. */
  static Dataset<Row> table(String warehouse, String name) {
    SparkSession spark = SparkSessions.get();
    String path = new Path(warehouse, name).toString();
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
  }

  @Override
  public Integer call() {
    Dataset<Row> runs = table(common.warehouse, Tables.RUNS);
    List<Row> run = runs == null ? List.of() : runs.filter(col("run_id").equalTo(runId)).collectAsList();
    if (run.isEmpty()) {
      throw Errors.config("RUN_ID", "no run '" + runId + "' under " + common.warehouse + " (see `runs list`)");
    }
    var out = spec.commandLine().getOut();
    Row r = run.get(0);
    out.printf("run %s: %s, started %s, ended %s, best %s%s%n", runId, r.getAs("status"), r.getAs("started_at"),
        r.getAs("ended_at"), r.getAs("best_model"), r.getAs("error") == null ? "" : ", error: " + r.getAs("error"));
    TextTable t = new TextTable("trial", "family", "status", "rows", "metric", "mean", "std", "fit_s", "rounds", "params");
    Dataset<Row> trials = table(common.warehouse, Tables.TRIALS);
    if (trials != null) {
      // Columns added after the table's first version (older tables: all rows, no rounds).
      List<String> columns = List.of(trials.schema().fieldNames());
      for (Row x : trials.filter(col("run_id").equalTo(runId)).orderBy(col("seq")).collectAsList()) {
        Double mean = x.getAs("mean");
        Double std = x.getAs("std");
        Double fit = x.getAs("fit_seconds");
        // Successive halving's share of the fold's training rows (tables written before it: all rows).
        Double fraction = columns.contains("data_fraction") ? x.getAs("data_fraction") : null;
        // The boosting rounds early stopping chose, which a refit of the trial uses (else the params' own).
        Integer rounds = columns.contains("best_rounds") ? x.getAs("best_rounds") : null;
        t.row(x.getAs("trial_id"), x.getAs("family"), x.getAs("status"),
            fraction == null || fraction >= 1.0 ? "all" : String.format("1/%d", Math.round(1 / fraction)),
            x.getAs("metric"),
            mean == null ? null : String.format("%.4f", mean), std == null ? null : String.format("%.4f", std),
            fit == null ? null : String.format("%.1f", fit), rounds == null ? null : rounds.toString(),
            x.getAs("params_json"));
      }
    }
    out.printf("%d trials%n", t.size());
    t.print(out);
    return 0;
  }
}
