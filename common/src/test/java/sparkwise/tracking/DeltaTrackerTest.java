package sparkwise.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.search.Candidate;
import sparkwise.search.TrialResult;
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
}
