package sparkwise.jobs;

import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.data.Interpreted;
import sparkwise.data.LoadedTable;
import sparkwise.registry.ModelVersion;
import sparkwise.tracking.UsageLog;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Batch predictions with a saved or registered model; the input is checked against the "
        + "training schema before anything is written.")
final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "REF",
      description = "NAME@ALIAS, NAME:VERSION (registry) or a model folder path.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "SRC", description = "The table to score.")
  String data;

  @Option(names = "--output", required = true, paramLabel = "DST",
      description = "Where predictions go: Delta (default), or Parquet/CSV by a .parquet/.csv ending.")
  String output;

  @Option(names = "--mode", defaultValue = "error", paramLabel = "MODE",
      description = "error (default: refuse an existing output) or overwrite.")
  WriteMode mode;

  enum WriteMode { error, overwrite }

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.get();
    // The model and the input load side by side: each is a string of small Spark jobs (metadata,
    // Delta snapshots) whose time is the driver's. A model that cannot load is reported first, as
    // when they loaded one after the other.
    java.util.List<Object> loaded = sparkwise.data.SideBySide.run(spark.sparkContext(),
        java.util.List.<java.util.function.Supplier<Object>>of(
        () -> ModelResolver.resolve(spark, common.warehouse, model),
        () -> {
          LoadedTable t = Inputs.read(spark, "--data", data);
          // The scan's files, resolved now while the model loads rather than when the scoring
          // query is planned: for a Delta table, a replay of its log (3 s on the demo table).
          Interpreted.run(spark, Interpreted.storedAtMost(t, Interpreted.SMALL_BYTES), () -> t.data().inputFiles());
          return t;
        }), "sparkwise-score-load");
    ModelResolver m = (ModelResolver) loaded.get(0);
    LoadedTable table = (LoadedTable) loaded.get(1);
    try (Interpreted small = Interpreted.whenAtMost(table, Interpreted.SMALL_SCORE_BYTES)) {
      return score(spark, m, table);
    }
  }

  private int score(SparkSession spark, ModelResolver m, LoadedTable table) {
    sparkwise.tracking.PausePoints.reach(sparkwise.tracking.PausePoints.SCORE); // the version is resolved, nothing written
    Dataset<Row> scored = m.model().score(table.data())
        .withColumn("model_name", lit(m.version().map(ModelVersion::name).orElse(null)).cast("string"))
        .withColumn("model_version", lit(m.version().map(ModelVersion::version).orElse(null)).cast("long"));
    Outputs.writeTable(spark, scored, output, mode == WriteMode.overwrite);
    long rows = Outputs.rowsWritten(spark, output);
    new UsageLog(spark, common.warehouse).recordScoring(new UsageLog.Scoring(UUID.randomUUID().toString(),
        new Timestamp(System.currentTimeMillis()), new UsageLog.Use(m.version().map(ModelVersion::name).orElse(null),
            m.version().map(ModelVersion::version).orElse(null), m.model().path(), table.info().path(),
            table.info().deltaVersion()), output, rows));
    spec.commandLine().getOut().printf("scored %d rows with %s into %s%n", rows, m.describe(), output);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
