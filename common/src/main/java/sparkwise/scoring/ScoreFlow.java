package sparkwise.scoring;

import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.Parameter;
import sparkwise.ScoreResult;
import sparkwise.data.DataSource;
import sparkwise.data.Interpreted;
import sparkwise.data.LoadedTable;
import sparkwise.data.SideBySide;
import sparkwise.data.TableRef;
import sparkwise.data.TableWriter;
import sparkwise.registry.ModelVersion;
import sparkwise.registry.ResolvedModel;
import sparkwise.data.PausePoints;
import sparkwise.tracking.UsageLog;

/**
 * Batch scoring: the model and the input loaded side by side, the input checked against the
 * training schema before anything is written, the predictions written with the model's name and
 * version beside them, and the run recorded in the warehouse's {@code scoring} table.
 */
public final class ScoreFlow {
  private ScoreFlow() {}

  public static ScoreResult run(SparkSession spark, String warehouse, String modelRef, String input, String output,
      boolean overwrite) {
    TableRef ref = TableRef.parse(Parameter.DATA, input);
    SparkContext sc = spark.sparkContext();
    // Each load is a string of small Spark jobs (metadata, Delta snapshots) whose time is the
    // driver's, so they overlap: the warehouse's `scoring` snapshot, which the record needs at
    // the end, is read from the start; the model and the input's schema are waited for; the
    // input's files are resolved while the scoring query is planned. A model that cannot load is
    // reported first, as when they loaded one after the other.
    UsageLog usage = new UsageLog(spark, warehouse);
    CompletableFuture<Object> scoringAhead = SideBySide.start(sc, () -> {
      usage.readScoringAhead();
      return null;
    }, "sparkwise-score-load");
    List<Object> loaded = SideBySide.run(sc, List.<Supplier<Object>>of(
        () -> ResolvedModel.resolve(spark, warehouse, modelRef),
        () -> DataSource.read(spark, ref)), "sparkwise-score-load");
    ResolvedModel m = (ResolvedModel) loaded.get(0);
    LoadedTable table = (LoadedTable) loaded.get(1);
    // The scan's files: for a Delta table, a replay of its log (3 s on the demo table, cold).
    CompletableFuture<Object> files = SideBySide.start(sc, () -> Interpreted.run(spark,
        Interpreted.storedAtMost(table, Interpreted.SMALL_BYTES), () -> table.data().inputFiles()),
        "sparkwise-score-load");
    try (Interpreted small = Interpreted.whenAtMost(table, Interpreted.SMALL_SCORE_BYTES)) {
      PausePoints.reach(PausePoints.SCORE); // the version is resolved, nothing written
      Dataset<Row> scored = m.model().score(table.data())
          .drop("model_name", "model_version") // a table scored before: the columns move to the end, as there
          .withColumn("model_name", lit(m.version().map(ModelVersion::name).orElse(null)).cast("string"))
          .withColumn("model_version", lit(m.version().map(ModelVersion::version).orElse(null)).cast("long"));
      SideBySide.join(files); // and its session settings released before the query runs
      TableWriter.write(spark, scored, output, overwrite);
      long rows = TableWriter.rowsWritten(spark, output);
      SideBySide.join(scoringAhead);
      usage.recordScoring(new UsageLog.Scoring(UUID.randomUUID().toString(),
          new Timestamp(System.currentTimeMillis()), m.use(table.info()), output, rows));
      return new ScoreResult(rows, m.describe(), output);
    }
  }
}
