package sparkwise.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.SparkwiseException;
import sparkwise.Candidate;
import sparkwise.TrialResult;
import sparkwise.testing.SharedSpark;

class TrialWriterTest {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  @TempDir Path warehouse;

  private static TrialResult trial(int seq) {
    return new TrialResult(new Candidate(seq, "gbt", Map.of("maxDepth", 3)), "tree", TrialResult.Status.OK,
        List.of(0.8, 0.82), 0.81, 0.014, 1.5, 0, 1000, null);
  }

  private long rows(DeltaTracker t, String runId) {
    return SharedSpark.session().read().format("delta").load(t.tablePath(Tables.TRIALS))
        .filter("run_id = '" + runId + "'").count();
  }

  @Test
  void eachTrialIsReportedOnlyOnceItIsOnDisk() {
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.toString());
    List<Long> seenOnDisk = new CopyOnWriteArrayList<>();
    try (TrialWriter w = new TrialWriter(SharedSpark.session(), t, "r1", "roc_auc", DONE)) {
      for (int i = 0; i < 5; i++) {
        int n = i + 1;
        w.add(trial(i), () -> seenOnDisk.add(rows(t, "r1") >= n ? 1L : 0L));
      }
    }
    assertEquals(5, rows(t, "r1"), "all written by close()");
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), seenOnDisk, "reported after its commit");
  }

  @Test
  void aFailedWriteIsThrownByTheNextAddAndOnlyOnce() throws Exception {
    Path wh = warehouse.resolve("wh");
    Files.createDirectories(wh);
    Files.writeString(wh.resolve(Tables.TRIALS), "a file where the table should be");
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), wh.toString());
    TrialWriter w = new TrialWriter(SharedSpark.session(), t, "r1", "roc_auc", DONE);
    List<String> reported = new CopyOnWriteArrayList<>();
    w.add(trial(0), () -> reported.add("t0000"));
    SparkwiseException e = assertThrows(SparkwiseException.class, w::flush);
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.StorageException.class, e);
    assertTrue(e.getMessage().contains(Tables.TRIALS), e.getMessage());
    assertThrows(SparkwiseException.class, () -> w.add(trial(1), () -> reported.add("t0001")));
    w.close(); // the failure was thrown already: closing does not throw it again
    assertEquals(List.of(), reported, "nothing that failed to be written is reported");
  }

  @Test
  void noTrialIsWrittenBeforeTheRunsOwnRow() throws Exception {
    // A first commit elsewhere, so that an unheld one here would land well within the wait below.
    new DeltaTracker(SharedSpark.session(), warehouse.resolve("warm").toString()).recordTrial("r0", "roc_auc", trial(0));
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.resolve("wh").toString());
    CompletableFuture<Void> runRow = new CompletableFuture<>();
    List<Boolean> runRowDoneWhenReported = new CopyOnWriteArrayList<>();
    try (TrialWriter w = new TrialWriter(SharedSpark.session(), t, "r1", "roc_auc", runRow)) {
      w.add(trial(0), () -> runRowDoneWhenReported.add(runRow.isDone()));
      // Long enough for an unheld commit to land (about a second here): none may while the run's row is pending.
      long until = System.currentTimeMillis() + 2500;
      while (System.currentTimeMillis() < until) {
        assertTrue(!io.delta.tables.DeltaTable.isDeltaTable(SharedSpark.session(), t.tablePath(Tables.TRIALS)),
            "a trial was committed before its run's row");
        Thread.sleep(100);
      }
      runRow.complete(null);
    }
    assertEquals(1, rows(t, "r1"));
    assertEquals(List.of(true), runRowDoneWhenReported);
  }

  @Test
  void aFailedRunRowIsTheWritersFailure() {
    DeltaTracker t = new DeltaTracker(SharedSpark.session(), warehouse.toString());
    CompletableFuture<Void> runRow = new CompletableFuture<>();
    runRow.completeExceptionally(sparkwise.Errors.storage(warehouse.toString(), "cannot write the runs table", null));
    TrialWriter w = new TrialWriter(SharedSpark.session(), t, "r1", "roc_auc", runRow);
    List<String> reported = new CopyOnWriteArrayList<>();
    w.add(trial(0), () -> reported.add("t0000"));
    SparkwiseException e = assertThrows(SparkwiseException.class, w::flush);
    assertTrue(e.getMessage().contains("cannot write the runs table"), e.getMessage());
    w.close();
    assertEquals(List.of(), reported);
    assertTrue(!io.delta.tables.DeltaTable.isDeltaTable(SharedSpark.session(), t.tablePath(Tables.TRIALS)));
  }
}
