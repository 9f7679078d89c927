package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.evaluation.Metric;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * Which trials can become the model when the clock cut the search: kddcup99 at 60 s once ended
 * with a linear booster measured on 11 % of the rows at accuracy 0.33, where always answering the
 * majority class scores 0.57; refitted, it scored 0.22 on the holdout.
 */
class RankingTest {
  private static final LabelInfo FIVE_CLASSES = new LabelInfo("attack", "string", Task.MULTICLASS,
      List.of("smurf", "neptune", "normal", "back", "satan"), List.of(570L, 220L, 190L, 12L, 8L), 1000, 0);

  @Test
  void theConstantScoreIsWhatIgnoringTheFeaturesScores() {
    Profile none = new Profile(1000, List.of());
    assertEquals(0.57, ConstantScore.of(Metric.ACCURACY, FIVE_CLASSES, none), 1e-12);
    double entropy = -(0.57 * Math.log(0.57) + 0.22 * Math.log(0.22) + 0.19 * Math.log(0.19) + 0.012 * Math.log(0.012)
        + 0.008 * Math.log(0.008));
    assertEquals(entropy, ConstantScore.of(Metric.LOGLOSS, FIVE_CLASSES, none), 1e-12);
    LabelInfo binary = new LabelInfo("churned", "int", Task.BINARY, List.of("0", "1"), List.of(700L, 300L), 1000, 0);
    assertEquals(0.5, ConstantScore.of(Metric.ROC_AUC, binary, none));
    assertEquals(0.3, ConstantScore.of(Metric.PR_AUC, binary, none), 1e-12);
    assertEquals(0.0, ConstantScore.of(Metric.F1, binary, none), "the majority class is the negative one");
    LabelInfo price = new LabelInfo("price", "double", Task.REGRESSION, List.of(), List.of(), 1000, 0);
    Profile withLabel = new Profile(1000, List.of(), new Profile.Covariance(List.of("x", "__label"),
        new double[][] {{1, 0.5}, {0.5, 16}}));
    assertEquals(4.0, ConstantScore.of(Metric.RMSE, price, withLabel), 1e-12);
    assertEquals(0.0, ConstantScore.of(Metric.R2, price, withLabel));
    assertTrue(Double.isNaN(ConstantScore.of(Metric.MAE, price, withLabel)), "not known from the profile");
  }

  @Test
  void aSampledTrialThatLosesToTheConstantIsDroppedAndTheRunFallsBack() {
    double constant = ConstantScore.of(Metric.ACCURACY, FIVE_CLASSES, new Profile(1000, List.of()));
    List<String> cuts = new ArrayList<>();
    List<TrialResult> trials = List.of(trial(1, "xgboost_linear", 0.11, 0.334), cancelled(2), cancelled(3));

    List<TrialResult> ranked = Ranking.rank(trials, Metric.ACCURACY, constant, cuts::add);

    assertTrue(ranked.isEmpty(), ranked.toString());
    assertEquals(1, cuts.size());
    assertTrue(cuts.get(0).contains("xgboost_linear, accuracy 0.3340) did no better than a constant prediction "
        + "(0.5700)"), cuts.get(0));
    Searched s = new Searched(Map.of(), trials, ranked, null, 0, null, null, null);
    assertTrue(Fallback.applies(s), "the unsearched tree takes its place");
    Searched allOk = new Searched(Map.of(), List.of(trials.get(0)), ranked, null, 0, null, null, null);
    assertTrue(Fallback.applies(allOk), "also when no trial was cancelled");
  }

  @Test
  void aSampledTrialThatBeatsTheConstantIsTheModelAndOnlyTheLargestShareCounts() {
    List<String> cuts = new ArrayList<>();
    TrialResult small = trial(1, "xgboost", 0.11, 0.99);
    TrialResult larger = trial(2, "xgboost", 0.33, 0.80);
    TrialResult worse = trial(3, "xgboost_linear", 0.33, 0.40);

    List<TrialResult> ranked = Ranking.rank(List.of(small, larger, worse), Metric.ACCURACY, 0.57, cuts::add);

    assertEquals(List.of(larger), ranked);
    assertTrue(cuts.get(0).contains("the best trial on 33% of them"), cuts.toString());
    // Losses are ranked the other way round, and a trial on all rows needs no constant to beat.
    TrialResult all = trial(4, "xgboost", 1.0, 0.9);
    assertEquals(List.of(all), Ranking.rank(List.of(small, all), Metric.LOGLOSS, 0.1, cuts::add));
    assertEquals(List.of(trial(5, "xgboost", 0.5, 0.3), trial(6, "xgboost", 0.5, 0.5)),
        Ranking.rank(List.of(trial(6, "xgboost", 0.5, 0.5), trial(5, "xgboost", 0.5, 0.3)), Metric.LOGLOSS, 0.69,
            cuts::add));
  }

  private static TrialResult trial(int seq, String family, double fraction, double mean) {
    Candidate c = new Candidate(seq, family, Map.of(), fraction);
    return new TrialResult(c, "tree", TrialResult.Status.OK, List.of(mean), mean, 0, 1, 0, 0, null);
  }

  private static TrialResult cancelled(int seq) {
    Candidate c = new Candidate(seq, "xgboost", Map.of(), 0.11);
    return new TrialResult(c, "tree", TrialResult.Status.CANCELLED, List.of(), Double.NaN, Double.NaN, 0, 0, 0, null);
  }
}
