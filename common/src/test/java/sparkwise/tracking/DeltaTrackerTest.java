package sparkwise.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Candidate;
import sparkwise.TrialResult;
import sparkwise.testing.SharedSpark;

class DeltaTrackerTest {
  @TempDir Path warehouse;

  private static TrialResult trial(int seq) {
    return new TrialResult(new Candidate(seq, "gbt", Map.of("maxDepth", 3)), "tree", TrialResult.Status.OK,
        List.of(0.8, 0.82), 0.81, 0.014, 1.5, 0, 1000, null);
  }

  @Test
  void trialWritesAreIdempotentAndMayArriveOutOfOrder() {
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.toString());
    t.recordTrial("r1", "roc_auc", trial(1));
    t.recordTrial("r1", "roc_auc", trial(0));
    t.recordTrial("r1", "roc_auc", trial(1));
    t.recordTrial("r2", "roc_auc", trial(1));
    var rows = SharedSpark.session().read().format("delta").load(t.tablePath(Tables.TRIALS));
    assertEquals(3, rows.count());
    assertEquals(2, rows.filter("run_id = 'r1'").count());
  }

  private static RunRecord started(String runId) {
    return new RunRecord(runId, "running", new Timestamp(1_000), null, null, "y", 5, "{}", "h", "in.csv", "csv",
        null, null, null, null, null, null, null, null, null, "v", "4.1.0", "17", "fp", null);
  }

  private static RunRecord completed(String runId) {
    return started(runId).completed(new Timestamp(9_000), "binary", 700, "roc_auc", "xgboost", 0.9,
        "{\"roc_auc\":0.91}", "/wh/models/" + runId, "{}", "{\"wall_seconds\":8.0}");
  }

  @Test
  void updatingARunReplacesItsRowInPlace() {
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.toString());
    t.insertNewRun(started("r1"));
    t.insertNewRun(started("r2"));
    t.updateRun(completed("r1"));
    var rows = SharedSpark.session().read().format("delta").load(t.tablePath(Tables.RUNS));
    assertEquals(2, rows.count());
    Row r1 = t.run("r1").orElseThrow();
    assertEquals("completed", r1.getAs("status"));
    assertEquals(700L, (Long) r1.getAs("rows"));
    assertEquals(new Timestamp(9_000), r1.getAs("ended_at"));
    assertEquals("{\"wall_seconds\":8.0}", r1.getAs("timing_json"));
    assertNull(r1.getAs("error"));
    assertEquals("running", t.run("r2").orElseThrow().getAs("status"));
  }

  @Test
  void updatingARunInATableWithoutTodaysColumnsAddsThem() {
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.toString());
    // A runs table from before timing_json was added, holding the run's first row.
    var older = new org.apache.spark.sql.types.StructType(java.util.Arrays.stream(Tables.RUNS_SCHEMA.fields())
        .filter(f -> !f.name().equals("timing_json")).toArray(org.apache.spark.sql.types.StructField[]::new));
    Row first = SharedSpark.session().createDataFrame(List.of(DeltaTracker.runRow(started("r1"))), Tables.RUNS_SCHEMA)
        .drop("timing_json").first();
    SharedSpark.session().createDataFrame(List.of(first), older).write().format("delta").save(t.tablePath(Tables.RUNS));
    t.updateRun(completed("r1"));
    Row r1 = t.run("r1").orElseThrow();
    assertEquals("completed", r1.getAs("status"));
    assertEquals("{\"wall_seconds\":8.0}", r1.getAs("timing_json"));
    assertEquals(1, SharedSpark.session().read().format("delta").load(t.tablePath(Tables.RUNS)).count());
  }

  @Test
  void aRunReadAheadLeavesItsClosingUpdateFewerSparkJobs() {
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.toString());
    t.insertNewRun(started("r1"));
    t.insertNewRun(started("r2"));
    int cold = sparkwise.testing.SparkJobs.count(() -> {
      t.updateRun(completed("r1"));
      return null;
    }).jobs();
    t.insertNewRun(started("r3")); // a version the update has not seen: read ahead here
    t.readRunAhead("r3");
    int warm = sparkwise.testing.SparkJobs.count(() -> {
      t.updateRun(completed("r3"));
      return null;
    }).jobs();
    org.junit.jupiter.api.Assertions.assertTrue(warm < cold,
        "Delta's snapshot state was rebuilt by the update: " + warm + " jobs read ahead, " + cold + " not");
    assertEquals("completed", t.run("r3").orElseThrow().getAs("status"));
    t.readRunAhead("no-such-run"); // nothing to read: no error either
    new DeltaTracker(SharedSpark.session(), warehouse.resolve("none").toString()).readRunAhead("r1"); // no table yet
  }
}
