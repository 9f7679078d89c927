package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/** The unsearched tree's refit is bounded in rows; nothing else's is. */
class FallbackRowsTest {
  private static TrialResult trial(int seq, String family) {
    return new TrialResult(new Candidate(seq, family, Map.of()), "tree", TrialResult.Status.OK, List.of(),
        Double.NaN, Double.NaN, 0, 0, 0, null);
  }

  @Test
  void theFallbackTreeIsFittedOnAtMostItsRowsAndOtherModelsOnAll() {
    TrialResult tree = trial(Fallback.SEQ, "decision_tree");
    assertEquals(10_000.0 / 54_000, Fallback.rowShare(tree, 54_000), 1e-12, "connect-4's training rows");
    assertEquals(1.0, Fallback.rowShare(tree, 8_000), "a small table: all of them");
    assertEquals(1.0, Fallback.rowShare(trial(Fallback.SEQ, "xgboost"), 54_000), "a warm start's configuration");
    assertEquals(1.0, Fallback.rowShare(trial(3, "decision_tree"), 54_000), "a searched tree");
  }
}
