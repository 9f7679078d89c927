package sparkwise.search;

import java.util.List;
import sparkwise.evaluation.Metric;
import sparkwise.TrialResult;

/** Early stopping of a trial after some of its folds, in either engine. */
final class Pruning {
  private Pruning() {}

  /**
   * Whether a trial whose first folds scored {@code metrics} cannot plausibly catch up with the
   * best trial (fold metrics {@code best}, their std {@code bestStd}): behind it on the same folds
   * by more than three of its fold standard deviations and by more than 0.03 (bounded metrics:
   * AUC, accuracy, F1, R²) or 5 % (error metrics).
   */
  static boolean hopeless(List<Double> metrics, double[] best, double bestStd, Metric m) {
    if (best == null || best.length < metrics.size()) {
      return false;
    }
    double mine = 0;
    double theirs = 0;
    for (int i = 0; i < metrics.size(); i++) {
      mine += metrics.get(i) / metrics.size();
      theirs += best[i] / metrics.size();
    }
    double gap = m.largerIsBetter() ? theirs - mine : mine - theirs;
    double margin = m.largerIsBetter() ? 0.03 : 0.05 * Math.abs(theirs);
    return gap > Math.max(margin, 3 * (Double.isFinite(bestStd) ? bestStd : 0));
  }

  static double[] folds(TrialResult t) {
    return t == null ? null : t.foldMetrics().stream().mapToDouble(Double::doubleValue).toArray();
  }
}
