package sparkwise.train;

import java.util.List;
import sparkwise.evaluation.Metric;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;

/**
 * The score of a model that ignores the features: always the majority class, the class shares as
 * probabilities, or the label's mean. A trial measured on a share of the rows that does no better
 * is no model at all (a linear booster cut short on unscaled columns can do far worse), so it
 * does not become the run's. NaN where the score is not known from the profile.
 */
final class ConstantScore {
  private ConstantScore() {}

  static double of(Metric metric, LabelInfo label, Profile profile) {
    List<Long> counts = label.classCounts();
    if (counts == null || counts.isEmpty()) {
      return regression(metric, profile);
    }
    double total = counts.stream().mapToLong(Long::longValue).sum();
    if (total <= 0) {
      return Double.NaN;
    }
    double top = counts.stream().mapToLong(Long::longValue).max().orElse(0) / total;
    return switch (metric) {
      case ACCURACY -> top;
      case ROC_AUC -> 0.5;
      case PR_AUC -> counts.size() == 2 ? counts.get(1) / total : Double.NaN;
      case LOGLOSS -> counts.stream().mapToDouble(c -> c / total).filter(p -> p > 0).map(p -> -p * Math.log(p)).sum();
      // Majority prediction: that class's F1 is 2p/(1+p), every other class's 0.
      case F1 -> counts.size() == 2
          ? (counts.get(1) >= counts.get(0) ? 2 * top / (1 + top) : 0.0)
          : top * 2 * top / (1 + top);
      default -> Double.NaN;
    };
  }

  private static double regression(Metric metric, Profile profile) {
    return switch (metric) {
      case R2 -> 0.0;
      case RMSE -> {
        List<String> names = profile.covariance().names();
        int i = names.indexOf(LabelIndex.COLUMN);
        yield i < 0 ? Double.NaN : Math.sqrt(profile.covariance().matrix()[i][i]);
      }
      default -> Double.NaN;
    };
  }
}
