package sparkwise;

import java.util.Map;

/**
 * A run's model and another model ({@link TrainOptions#comparingWith}) measured on the same
 * holdout rows: both sets of holdout metrics, and the metric the run optimised.
 */
public record Comparison(String metric, boolean largerIsBetter, Map<String, Double> candidate,
    Map<String, Double> other) {
  /** Whether the run's model beats the other on the optimised metric by more than {@code margin}. */
  public boolean candidateWinsBy(double margin) {
    double c = candidate.getOrDefault(metric, Double.NaN);
    double o = other.getOrDefault(metric, Double.NaN);
    return largerIsBetter ? c > o + margin : c < o - margin;
  }
}
