package sparkwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Candidate;
import sparkwise.TrialResult;

class EnsemblerPoolTest {
  private static TrialResult trial(int seq, String family, double score) {
    return new TrialResult(new Candidate(seq, family, Map.of(), 1.0), "tree", TrialResult.Status.OK,
        List.of(score, score), score, 0.0, 1.0, 0, 1, null);
  }

  @Test
  void theBestOfEveryFamilyComesBeforeTheNearCopiesOfTheBest() {
    List<TrialResult> ranked = List.of(trial(0, "xgboost", 0.93), trial(1, "xgboost", 0.929),
        trial(2, "xgboost", 0.928), trial(3, "xgboost_rf", 0.91), trial(4, "xgboost", 0.927),
        trial(5, "xgboost_linear", 0.88), trial(6, "xgboost_rf", 0.905));
    List<Integer> pool = Ensembler.pool(ranked, 5).stream().map(t -> t.candidate().seq()).toList();
    assertEquals(List.of(0, 3, 5, 1, 2), pool);
  }

  @Test
  void oneFamilyKeepsTheRankOrder() {
    List<TrialResult> ranked = List.of(trial(0, "xgboost", 0.9), trial(1, "xgboost", 0.8), trial(2, "xgboost", 0.7));
    assertEquals(ranked, Ensembler.pool(ranked, 8));
  }
}
