package sparkwise.tracking;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import sparkwise.TrialResult;

/**
 * Records runs, trials and leaderboards in Delta tables under the warehouse. Trial appends carry
 * Delta transaction identifiers ({@code txnAppId} = run and trial id), so a retried write is
 * skipped by Delta itself. Run rows are upserted with MERGE, retried on
 * concurrent-modification conflicts ({@link DeltaWrites}).
 */
public final class DeltaTracker implements Tracker {
  private final SparkSession spark;
  private final String warehouse;

  public DeltaTracker(SparkSession spark, String warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  public String tablePath(String table) {
    return new org.apache.hadoop.fs.Path(warehouse, table).toString();
  }

  @Override
  public void upsertRun(RunRecord r) {
    Dataset<Row> df = spark.createDataFrame(List.of(runRow(r)), Tables.RUNS_SCHEMA);
    String path = tablePath(Tables.RUNS);
    DeltaWrites.createIfAbsent(spark, path, Tables.RUNS_SCHEMA);
    DeltaWrites.retrying(path, () -> DeltaTable.forPath(spark, path).as("t")
        .merge(df.as("s"), "t.run_id = s.run_id")
        .withSchemaEvolution() // runs tables written before a column was added take it on
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute());
  }

  /**
   * Replaces the row of a run already in the table (its first row, written at its start) with an
   * UPDATE of that row: no join with a source table as in {@link #upsertRun}'s MERGE, about a
   * second less in a fresh JVM. A table written before one of today's columns was added gets the
   * MERGE, which adds it.
   */
  public void updateRun(RunRecord r) {
    String path = tablePath(Tables.RUNS);
    DeltaTable table = DeltaTable.forPath(spark, path);
    List<String> has = java.util.Arrays.asList(table.toDF().schema().fieldNames());
    if (!has.containsAll(java.util.Arrays.asList(Tables.RUNS_SCHEMA.fieldNames()))) {
      upsertRun(r);
      return;
    }
    Row row = runRow(r);
    java.util.Map<String, org.apache.spark.sql.Column> set = new java.util.LinkedHashMap<>();
    for (int i = 0; i < Tables.RUNS_SCHEMA.size(); i++) {
      var f = Tables.RUNS_SCHEMA.fields()[i];
      set.put(f.name(), org.apache.spark.sql.functions.lit(row.get(i)).cast(f.dataType()));
    }
    DeltaWrites.retrying(path, () -> {
      table.update(org.apache.spark.sql.functions.col("run_id").equalTo(r.runId()), set);
      return null;
    });
  }

  /**
   * Reads the run's row as its closing {@link #updateRun} will, ahead of it: Delta rebuilds a
   * snapshot's list of files with Spark jobs and keeps it with the snapshot, which the UPDATE then
   * finds unchanged (or rebuilds, if another run has committed since). On connect-4 at 60 s that
   * rebuild was 1.2 s of the record phase's 2.1 s; read beside the final fit, it is off the clock's
   * critical path. Best effort: a table that cannot be read here is the UPDATE's to report.
   */
  public void readRunAhead(String runId) {
    try {
      DeltaTable.forPath(spark, tablePath(Tables.RUNS)).toDF()
          .where(org.apache.spark.sql.functions.col("run_id").equalTo(runId)).count();
    } catch (Exception e) { // also Delta's AnalysisException (not a RuntimeException) for a missing table
      // nothing to do: the UPDATE reads the table again and fails, or succeeds, on its own
    }
  }

  @Override
  public void recordTrial(String runId, String metric, TrialResult t) {
    recordTrials(runId, metric, List.of(t));
  }

  /** Appends finished trials in one commit; a retried write of the same batch is a no-op. */
  public void recordTrials(String runId, String metric, List<TrialResult> trials) {
    List<Row> rows = new ArrayList<>();
    for (TrialResult t : trials) {
      rows.add(RowFactory.create(runId, t.candidate().trialId(), t.candidate().seq(), t.candidate().family(),
          t.variant(), t.candidate().paramsJson(), metric,
          scala.jdk.javaapi.CollectionConverters.asScala(t.foldMetrics()).toSeq(),
          nanToNull(t.mean()), nanToNull(t.std()), t.fitSeconds(), t.status().name().toLowerCase(),
          new Timestamp(t.startedAtMillis()), new Timestamp(t.endedAtMillis()), t.error(), t.candidate().fraction(), t.engine(),
          t.bestRounds() > 0 ? t.bestRounds() : null));
    }
    String ids = String.join("+", trials.stream().map(t -> t.candidate().trialId()).toList());
    append(Tables.TRIALS, Tables.TRIALS_SCHEMA, rows, runId + ":" + ids);
  }

  /**
   * Appends a new run's first row: cheaper than {@link #upsertRun}'s MERGE and it creates the
   * table if absent. Only for a run id not yet in the table; later states are upserted.
   */
  public void insertNewRun(RunRecord r) {
    append(Tables.RUNS, Tables.RUNS_SCHEMA, List.of(runRow(r)), r.runId() + ":start");
  }

  @Override
  public void writeLeaderboard(String runId, String metric, List<TrialResult> ranked) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      TrialResult t = ranked.get(i);
      rows.add(RowFactory.create(runId, i + 1, t.candidate().trialId(), t.candidate().family(),
          t.candidate().paramsJson(), metric, nanToNull(t.mean()), nanToNull(t.std()), t.fitSeconds()));
    }
    append(Tables.LEADERBOARD, Tables.LEADERBOARD_SCHEMA, rows, runId + ":leaderboard");
  }

  /** A run's record as a row of {@link Tables#RUNS_SCHEMA}, in its column order. */
  static Row runRow(RunRecord r) {
    return RowFactory.create(r.runId(), r.status(), r.startedAt(), r.endedAt(), r.task(), r.label(),
        r.seed(), r.configJson(), r.configHash(), r.inputPath(), r.inputFormat(), r.inputDeltaVersion(),
        r.rows(), r.metric(), r.bestModel(), r.cvMean(), r.holdoutJson(), r.modelPath(), r.profileJson(),
        r.error(), r.sparkwiseVersion(), r.sparkVersion(), r.javaVersion(), r.inputFingerprint(), r.timingJson());
  }

  private void append(String table, StructType schema, List<Row> rows, String appId) {
    DeltaWrites.appendOnce(spark, tablePath(table), schema, rows, appId);
  }

  private static boolean hasField(Row r, String name) {
    return java.util.Arrays.asList(r.schema().fieldNames()).contains(name);
  }

  private static Double nanToNull(double d) {
    return Double.isFinite(d) ? d : null;
  }

  /** The row of run {@code runId}, if the runs table has one. */
  public java.util.Optional<Row> run(String runId) {
    String path = tablePath(Tables.RUNS);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return java.util.Optional.empty();
    }
    List<Row> rows = spark.read().format("delta").load(path)
        .filter(org.apache.spark.sql.functions.col("run_id").equalTo(runId)).collectAsList();
    return rows.stream().findFirst();
  }

  /** The trials run {@code runId} recorded, in proposal order. */
  public List<TrialResult> trials(String runId) {
    String path = tablePath(Tables.TRIALS);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return List.of();
    }
    List<TrialResult> out = new ArrayList<>();
    for (Row r : spark.read().format("delta").load(path)
        .filter(org.apache.spark.sql.functions.col("run_id").equalTo(runId)).orderBy("seq").collectAsList()) {
      List<Double> folds = r.isNullAt(r.fieldIndex("fold_metrics")) ? List.of() : r.getList(r.fieldIndex("fold_metrics"));
      Double mean = r.getAs("mean");
      Double std = r.getAs("std");
      Double fit = r.getAs("fit_seconds");
      out.add(new TrialResult(
          sparkwise.Candidate.fromJson(r.<Integer>getAs("seq"), r.getAs("family"), r.getAs("params_json"),
              hasField(r, "data_fraction") ? r.<Double>getAs("data_fraction") : null),
          r.getAs("variant"), TrialResult.Status.valueOf(r.<String>getAs("status").toUpperCase(java.util.Locale.ROOT)),
          List.copyOf(folds), mean == null ? Double.NaN : mean, std == null ? Double.NaN : std,
          fit == null ? 0 : fit, r.<Timestamp>getAs("started_at").getTime(), r.<Timestamp>getAs("ended_at").getTime(),
          r.getAs("error"), hasField(r, "engine") && r.getAs("engine") != null ? r.getAs("engine") : TrialResult.DISTRIBUTED,
          hasField(r, "best_rounds") && r.getAs("best_rounds") != null ? r.<Integer>getAs("best_rounds") : 0));
    }
    return out;
  }
}
