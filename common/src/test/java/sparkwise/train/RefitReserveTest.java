package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * How much of the budget the search keeps back for the refits. At 5 minutes, ensembles of 3–5
 * members in room kept for 2 skipped the final fit on all rows on 5 of 6 tables ("a refit on all
 * rows takes ~16s, 6s of the budget left"); at 1 minute, a 40k-row table's refits must not eat the
 * search.
 */
class RefitReserveTest {
  private static final long FOLD_ROWS = 20_000;
  private static final long TRAIN_ROWS = 30_000;
  private static final long ROWS = 37_500;
  private static final SearchPhase.VariantTimes UNMEASURED = SearchPhase.VariantTimes.UNMEASURED;
  /** The final fit on all rows is kept room for as the finalize phase estimates it from a refit. */
  private static final double MARGIN = FinalizePhase.MEASURED_MARGIN;
  /** What the refit's boosting deadline leaves per model for the fit's tail, kept back with it. */
  private static final double TAIL = FinalizePhase.TAIL_PER_MODEL;

  @Test
  void aLongBudgetKeepsRoomForEveryMemberOfTheEnsembleOnTheTrainingRowsAndOnAllRows() {
    TrialResult t = distributed(3.0); // 1 s per fold
    double five = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 5, 300_000);
    double two = onTrainAndAll(t, 2);

    assertEquals(onTrainAndAll(t, 5), five, 1e-9, "five members fit in 15 % of 300 s");
    assertEquals(two + 3 * memberOnTrainAndAll(t), five, 1e-9);
  }

  @Test
  void aShortBudgetKeepsRoomForTwoMembersAsBefore() {
    TrialResult t = distributed(10.5); // 3.5 s per fold: one member on all rows is ~7.6 s
    double reserve = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 5, 60_000);

    // Two members on all rows (~17 s) are more than a quarter of 60 s: only the training rows' refits.
    assertEquals(onTrain(t, 2), reserve, 1e-9);
  }

  @Test
  void membersBeyondTwoStopWhereTheShareEnds() {
    TrialResult t = distributed(3.0);
    double share = 0.15 * 150;
    double reserve = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 5, 150_000);

    assertEquals(onTrainAndAll(t, 4), reserve, 1e-9, "four members fit in 22.5 s");
    assertTrue(reserve + memberOnTrainAndAll(t) > share, "a fifth would not: " + reserve);
  }

  @Test
  void anExtraMemberNeverTakesTheFinalFitsRoom() {
    TrialResult t = distributed(6.0); // 2 s per fold: three members on all rows (17 s) exceed 15 % of 100 s
    assertEquals(onTrainAndAll(t, 2), SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 5, 100_000), 1e-9,
        "two members on the training rows and on all rows, not three on the training rows alone");
  }

  @Test
  void withoutAnEnsembleOnlyTheBestTrialIsReserved() {
    TrialResult t = distributed(3.0);
    assertEquals(SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000),
        PhaseEstimates.modelFit(1.0, FOLD_ROWS, TRAIN_ROWS) + TAIL + MARGIN * (PhaseEstimates.preprocessing(ROWS, 10)
            + PhaseEstimates.modelFit(1.0, FOLD_ROWS, ROWS)) + PhaseEstimates.PREFIX_FIT_SECONDS, 1e-9);
    assertEquals(PhaseEstimates.modelFit(1.0, FOLD_ROWS, TRAIN_ROWS) + TAIL,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 1, 300_000), 1e-9, "final fit on train rows");
  }

  @Test
  void aFinalFitOnAllRowsOfUpToAQuarterOfTheBudgetIsKeptRoomFor() {
    TrialResult t = distributed(12.0); // 4 s per fold: ~9.5 s on all rows, more than 15 % of 60 s
    double onAll = MARGIN * (PhaseEstimates.preprocessing(ROWS, 10) + PhaseEstimates.modelFit(4.0, FOLD_ROWS, ROWS))
        + PhaseEstimates.PREFIX_FIT_SECONDS;
    assertTrue(onAll > 0.15 * 60 && onAll < 0.25 * 60, "the case: " + onAll);

    assertEquals(PhaseEstimates.modelFit(4.0, FOLD_ROWS, TRAIN_ROWS) + TAIL + onAll,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 60_000), 1e-9);
    assertEquals(PhaseEstimates.modelFit(4.0, FOLD_ROWS, TRAIN_ROWS) + TAIL,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 30_000), 1e-9, "over a quarter of 30 s");
  }

  @Test
  void theFinalFitsReserveRefitsThePrefixAsTheFinalizePhaseEstimatesIt() {
    TrialResult t = distributed(3.0);
    double without = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000, UNMEASURED, 0);
    double model = PhaseEstimates.modelFit(1.0, FOLD_ROWS, ROWS);

    assertEquals(without + 0.5 * ROWS / TRAIN_ROWS,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000, prefix(0.5), 0), 1e-9,
        "the prefix's 0.5 s on the search rows, scaled to all rows");
    assertEquals(without + PhaseEstimates.PREFIX_SHARE * (PhaseEstimates.preprocessing(ROWS, 10) + model),
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000, prefix(30), 0), 1e-9,
        "a cold first fit's 30 s counts no more than its share of the fit on all rows");
    assertEquals(PhaseEstimates.modelFit(1.0, FOLD_ROWS, TRAIN_ROWS) + TAIL,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 1, 300_000, prefix(0.5), 0), 1e-9,
        "no final fit on all rows, no prefix to fit again");
  }

  @Test
  void theFinalFitsReservePreparesTheRowsAsTheFoldsMeasured() {
    // adult at 60 s: the folds' preparation said ~3.7 s for the refit's rows where the rule said
    // 1.4; the search kept 8 s for refits the finalize phase then estimated at ~15 s, and the
    // final fit on all rows was skipped with 5 s left.
    TrialResult t = distributed(3.0);
    double folds = 6.0; // preparing the three folds' rows side by side: ~4 s per fold's rows
    double unmeasured = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000,
        UNMEASURED, 0);
    double measured = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000,
        new SearchPhase.VariantTimes(folds, 0), 0);

    double onAllRows = PhaseEstimates.variantRefit(folds, FOLD_ROWS, ROWS);
    assertTrue(onAllRows > PhaseEstimates.preprocessing(ROWS, 10), "the case: measured over the rule");
    assertEquals(unmeasured + MARGIN * (onAllRows - PhaseEstimates.preprocessing(ROWS, 10)), measured, 1e-9,
        "the rows prepared again on all rows, as measured");
    assertEquals(SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 2, 300_000,
        UNMEASURED, 0) + MARGIN * (onAllRows - PhaseEstimates.preprocessing(ROWS, 10)),
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 2, 300_000,
            new SearchPhase.VariantTimes(folds, 0), 0), 1e-9,
        "an ensemble's other variant is not the best's: its rows prepared by the rule, not as the best's measured");
    assertEquals(SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 1, 300_000,
        UNMEASURED, 0), SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 1,
        300_000, new SearchPhase.VariantTimes(folds, 0), 0), 1e-9,
        "no final fit on all rows: the refit's own preparation is kept by the search's deadline");
  }

  @Test
  void theHoldoutEvaluationBesideTheFinalFitIsNotKeptTwice() {
    TrialResult t = distributed(3.0);
    double onAll = MARGIN * (PhaseEstimates.preprocessing(ROWS, 10) + PhaseEstimates.modelFit(1.0, FOLD_ROWS, ROWS))
        + PhaseEstimates.PREFIX_FIT_SECONDS;
    double without = SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000, UNMEASURED, 0);

    assertEquals(without - 1.5,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000, UNMEASURED, 1.5), 1e-9,
        "the evaluation's 1.5 s, kept after the search already, run beside the final fit");
    assertEquals(without - onAll,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, true, 1, 300_000, UNMEASURED, 60), 1e-9,
        "an evaluation longer than the final fit: the final fit adds nothing");
    assertEquals(PhaseEstimates.modelFit(1.0, FOLD_ROWS, TRAIN_ROWS) + TAIL,
        SearchPhase.refitReserve(t, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 1, 300_000, UNMEASURED, 1.5), 1e-9,
        "no final fit on all rows: the evaluation runs alone, as kept");
  }

  @Test
  void theRefitsPreprocessingFollowsWhatTheFoldsMeasuredOnceTheyHave() {
    int columns = 42;
    double rule = PhaseEstimates.preprocessing(ROWS, columns);

    assertEquals(0, PhaseEstimates.preprocessingMeasuredOverRule(0, FOLD_ROWS, TRAIN_ROWS, ROWS, columns), 1e-9,
        "unmeasured: the rule stands");
    assertEquals(6.0 * TRAIN_ROWS / (1.5 * FOLD_ROWS) - rule,
        PhaseEstimates.preprocessingMeasuredOverRule(6.0, FOLD_ROWS, TRAIN_ROWS, ROWS, columns), 1e-9,
        "measured slower than the rule: the difference is kept too, for a refit on the training rows");
    assertEquals(PhaseEstimates.preprocessing(TRAIN_ROWS, 10) - PhaseEstimates.preprocessing(ROWS, 20),
        PhaseEstimates.preprocessingMeasuredOverRule(0.3, FOLD_ROWS, TRAIN_ROWS, ROWS, 20), 1e-9,
        "measured quicker: the search gets back what the finalize phase will not estimate");
    assertEquals(-0.5 * PhaseEstimates.preprocessing(ROWS * 10, columns),
        PhaseEstimates.preprocessingMeasuredOverRule(0.3, FOLD_ROWS * 10, TRAIN_ROWS * 10, ROWS * 10, columns), 1e-9,
        "at most half the rule is given back");
  }

  @Test
  void anEnsemblesRefitsAreReservedFromItsLikelyMembersTimesNotTheBestTrials() {
    TrialResult quickBest = trial(1, 0.83, 0.07); // kc1 at 69 s: the best fitted in 0.07 s
    TrialResult slowMember = trial(2, 0.82, 0.28);
    TrialResult member = trial(3, 0.81, 0.2);
    TrialResult slowerButWorse = trial(4, 0.70, 5.0);
    List<TrialResult> history = List.of(slowerButWorse, member, quickBest, slowMember);

    List<TrialResult> likely = SearchPhase.likelyMembers(history, true, 3);
    assertEquals(List.of(quickBest, slowMember, member), likely);
    double perFold = PhaseEstimates.fitPerFold(quickBest) + PhaseEstimates.fitPerFold(slowMember)
        + PhaseEstimates.fitPerFold(member);
    assertEquals(perFold, SearchPhase.MemberFits.of(likely).sum(3), 1e-12, "each likely member's own fit");
    assertTrue(SearchPhase.refitReserve(SearchPhase.MemberFits.of(likely), FOLD_ROWS, TRAIN_ROWS, ROWS, false, 3,
        300_000, UNMEASURED, 0) > SearchPhase.refitReserve(quickBest, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 3, 300_000),
        "more than three of the quick best trial's refits");
  }

  @Test
  void anEnsembleOfASlowAndAQuickMemberIsReservedTheirTwoFitsNotTwoOfTheSlowOnes() {
    // higgs at 60 s: an xgboost_rf (11.3 s of fits) beside an xgboost (1.1 s) was kept two forests'
    // refits, and the run ended 11-13 s early.
    TrialResult forest = trial(1, 0.80, 11.3);
    TrialResult boosted = trial(2, 0.79, 1.1);
    SearchPhase.MemberFits fits = SearchPhase.MemberFits.of(SearchPhase.likelyMembers(List.of(boosted, forest), true, 2));
    double pair = SearchPhase.refitReserve(fits, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 2, 300_000, UNMEASURED, 0);

    double perFold = PhaseEstimates.fitPerFold(forest) + PhaseEstimates.fitPerFold(boosted);
    assertEquals(PhaseEstimates.modelFit(perFold, FOLD_ROWS, TRAIN_ROWS) + 2 * TAIL
        + PhaseEstimates.preprocessing(TRAIN_ROWS, PhaseEstimates.REFIT_COLUMNS), pair, 1e-9);
    assertTrue(pair < SearchPhase.refitReserve(forest, FOLD_ROWS, TRAIN_ROWS, ROWS, false, 2, 300_000),
        "less than two forests");
    assertEquals(2 * PhaseEstimates.fitPerFold(forest) + PhaseEstimates.fitPerFold(boosted), fits.sum(3), 1e-12,
        "a member beyond the known ones counts as the slowest");
  }

  private static TrialResult trial(int seq, double metric, double fitSeconds) {
    return new TrialResult(new Candidate(seq, "xgboost", Map.of(), 1.0), "tree", TrialResult.Status.OK,
        List.of(metric, metric, metric), metric, 0, fitSeconds, 0, 0, null, TrialResult.DISTRIBUTED);
  }

  @Test
  void theMembersReservedAreTheTrialsOnAllRowsAnEnsembleCouldTake() {
    TrialResult onAll = distributed(3.0);
    TrialResult sampled = new TrialResult(new Candidate(2, "xgboost", Map.of(), 1.0 / 3), "tree",
        TrialResult.Status.OK, List.of(0.9, 0.9, 0.9), 0.9, 0, 1.0, 0, 0, null, TrialResult.DISTRIBUTED);

    assertEquals(1, SearchPhase.members(List.of(onAll, sampled, sampled), 5), "one trial on all rows: no ensemble");
    assertEquals(2, SearchPhase.members(List.of(onAll, sampled, onAll, sampled), 5),
        "two on all rows: two members, not five");
    assertEquals(5, SearchPhase.members(java.util.Collections.nCopies(9, onAll), 5));
    assertEquals(1, SearchPhase.members(java.util.Collections.nCopies(9, onAll), 0), "no ensembles");
  }

  /**
   * A task-engine trial fitted on one thread; its refit on the driver uses every core, but a linear
   * booster's keeps to one (XGBoostLocal.spec): its fit per fold is not divided by the cores.
   */
  @Test
  void aLinearBoostersRefitIsNotExpectedFasterThanItsOneThreadTrial() {
    TrialResult linear = new TrialResult(new Candidate(1, "xgboost_linear", Map.of(), 1.0), "linear",
        TrialResult.Status.OK, List.of(0.9, 0.9, 0.9), 0.9, 0, 3.0, 0, 0, null, TrialResult.TASK);
    TrialResult trees = new TrialResult(new Candidate(2, "xgboost", Map.of(), 1.0), "tree",
        TrialResult.Status.OK, List.of(0.9, 0.9, 0.9), 0.9, 0, 3.0, 0, 0, null, TrialResult.TASK);
    assertEquals(1.0, PhaseEstimates.fitPerFold(linear), 1e-9);
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(1.0 / Math.max(1.0, 0.8 * cores), PhaseEstimates.fitPerFold(trees), 1e-9);
  }

  private static SearchPhase.VariantTimes prefix(double seconds) {
    return new SearchPhase.VariantTimes(0, seconds);
  }

  private static double onTrain(TrialResult t, int members) {
    return members * (PhaseEstimates.modelFit(PhaseEstimates.fitPerFold(t), FOLD_ROWS, TRAIN_ROWS) + TAIL)
        + PhaseEstimates.preprocessing(TRAIN_ROWS, 10);
  }

  private static double onTrainAndAll(TrialResult t, int members) {
    return onTrain(t, members) + MARGIN * (2 * PhaseEstimates.preprocessing(ROWS, 10)
        + members * PhaseEstimates.modelFit(PhaseEstimates.fitPerFold(t), FOLD_ROWS, ROWS))
        + PhaseEstimates.PREFIX_FIT_SECONDS;
  }

  private static double memberOnTrainAndAll(TrialResult t) {
    return onTrainAndAll(t, 2) - onTrainAndAll(t, 1);
  }

  /** A distributed trial that fitted three folds in {@code fitSeconds}. */
  private static TrialResult distributed(double fitSeconds) {
    return new TrialResult(new Candidate(1, "xgboost", Map.of(), 1.0), "tree", TrialResult.Status.OK,
        List.of(0.9, 0.9, 0.9), 0.9, 0, fitSeconds, 0, 0, null, TrialResult.DISTRIBUTED);
  }
}
