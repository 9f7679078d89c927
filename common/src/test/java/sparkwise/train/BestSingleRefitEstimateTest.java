package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Candidate;
import sparkwise.search.PreparationTimes;
import sparkwise.TrialResult;

/**
 * The holdout phase refits the best single model for the report when an ensemble won without it,
 * and skips that refit when it does not fit in the budget. Estimated on a fold's rows alone, a
 * trial on a share of the rows (a large table's sample) looked several times cheaper than its refit
 * on every training row.
 */
class BestSingleRefitEstimateTest {
  private static final long FOLD_ROWS = 20_000;
  private static final long TRAIN_ROWS = 30_000;
  private static final Searched SEARCHED = new Searched(Map.of(), List.of(), List.of(), null, FOLD_ROWS, null,
      new PreparationTimes(), Map.of());

  @Test
  void aTrialOnAllRowsIsScaledFromItsFoldsRowsToTheTrainingRows() {
    assertEquals(PhaseEstimates.preprocessing(TRAIN_ROWS, PhaseEstimates.REFIT_COLUMNS) + 1.0 * 1.5 * 1.2,
        HoldoutPhase.singleRefit(trial(1.0), SEARCHED, TRAIN_ROWS), 1e-9, "1 s per fold, 1.5 times the rows");
  }

  @Test
  void aTrialOnAThirdOfTheRowsIsScaledToAllOfThem() {
    assertEquals(PhaseEstimates.preprocessing(TRAIN_ROWS, PhaseEstimates.REFIT_COLUMNS) + 3.0 * 1.5 * 1.2,
        HoldoutPhase.singleRefit(trial(1.0 / 3), SEARCHED, TRAIN_ROWS), 1e-9);
  }

  /** A distributed trial on {@code fraction} of the rows that fitted each of its three folds in 1 s. */
  private static TrialResult trial(double fraction) {
    return new TrialResult(new Candidate(1, "xgboost", Map.of(), fraction), "tree", TrialResult.Status.OK,
        List.of(0.9, 0.9, 0.9), 0.9, 0, 3.0, 0, 0, null, TrialResult.DISTRIBUTED);
  }
}
