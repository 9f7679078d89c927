package sparkwise.tracking;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * What later jobs did with a model, as rows of the warehouse's {@code scoring}, {@code monitoring}
 * and {@code retrain_decisions} tables: one row per scoring run, per drift check, per retrain decision. Each write is appended once (a
 * retried write with the same id is a no-op).
 */
public final class UsageLog {
  /** Which model a job used (name and version null for a model folder) and on which input. */
  public record Use(String modelName, Long modelVersion, String modelPath, String dataPath, Long dataDeltaVersion) {}

  /** One scoring run: {@code rows} predictions written to {@code outputPath}. */
  public record Scoring(String id, Timestamp at, Use use, String outputPath, long rows) {}

  /** One drift check of a monitoring run over {@code rows} rows. */
  public record Check(String feature, String check, Double value, Double threshold, boolean alert) {}

  private final SparkSession spark;
  private final String warehouse;

  public UsageLog(SparkSession spark, String warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /**
   * Loads the {@code scoring} table's current snapshot (Delta keeps it per path), so that {@link
   * #recordScoring} after the predictions are written only checks for newer commits: run beside the
   * model's load, it took ~1 s of the demo's score after the write. Nothing when it does not exist yet.
   */
  public void readScoringAhead() {
    try {
      spark.read().format("delta").load(path(Tables.SCORING)).count(); // the schema alone reads no state
    } catch (Exception e) { // also Delta's AnalysisException (not a RuntimeException) for a missing table
      // the append creates the table, or fails, on its own
    }
  }

  public void recordScoring(Scoring s) {
    Use u = s.use();
    DeltaWrites.appendOnce(spark, path(Tables.SCORING), Tables.SCORING_SCHEMA,
        List.of(RowFactory.create(s.id(), s.at(), u.modelName(), u.modelVersion(), u.modelPath(), u.dataPath(),
            u.dataDeltaVersion(), s.outputPath(), s.rows())),
        "score:" + s.id());
  }

  public void recordMonitoring(String id, Timestamp at, Use u, long rows, List<Check> checks) {
    List<Row> out = new ArrayList<>();
    for (Check c : checks) {
      out.add(RowFactory.create(id, at, u.modelName(), u.modelVersion(), u.modelPath(), u.dataPath(),
          u.dataDeltaVersion(), rows, c.feature(), c.check(), c.value(), c.threshold(), c.alert()));
    }
    DeltaWrites.appendOnce(spark, path(Tables.MONITORING), Tables.MONITORING_SCHEMA, out, "monitor:" + id);
  }

  /** One {@code retrain} decision, with both models' metric on the same holdout rows. */
  public record Decision(String id, Timestamp at, String name, String alias, String runId, Long candidateVersion,
      long holderVersion, String metric, Double candidateMetric, Double holderMetric, Double margin,
      String decision, String reason) {}

  public void recordDecision(Decision d) {
    DeltaWrites.appendOnce(spark, path(Tables.RETRAIN_DECISIONS), Tables.RETRAIN_DECISIONS_SCHEMA,
        List.of(RowFactory.create(d.id(), d.at(), d.name(), d.alias(), d.runId(), d.candidateVersion(),
            d.holderVersion(), d.metric(), d.candidateMetric(), d.holderMetric(), d.margin(), d.decision(),
            d.reason())),
        "retrain:" + d.id());
  }

  private String path(String table) {
    return new Path(warehouse, table).toString();
  }
}
