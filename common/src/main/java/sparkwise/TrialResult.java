package sparkwise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one trial gave: per-fold metrics, their mean and std, how long the fits took, and the
 * boosting rounds its folds' early stopping chose ({@code bestRounds}, 0: none chosen).
 */
public record TrialResult(
    Candidate candidate,
    String variant,
    Status status,
    List<Double> foldMetrics,
    double mean,
    double std,
    double fitSeconds,
    long startedAtMillis,
    long endedAtMillis,
    String error,
    String engine,
    int bestRounds) {

  /** The engines a trial runs on: one Spark task per trial, or distributed Spark ML fits. */
  public static final String TASK = "task";
  public static final String DISTRIBUTED = "distributed";

  public TrialResult(Candidate candidate, String variant, Status status, List<Double> foldMetrics, double mean,
      double std, double fitSeconds, long startedAtMillis, long endedAtMillis, String error, String engine) {
    this(candidate, variant, status, foldMetrics, mean, std, fitSeconds, startedAtMillis, endedAtMillis, error,
        engine, 0);
  }

  public TrialResult(Candidate candidate, String variant, Status status, List<Double> foldMetrics, double mean,
      double std, double fitSeconds, long startedAtMillis, long endedAtMillis, String error) {
    this(candidate, variant, status, foldMetrics, mean, std, fitSeconds, startedAtMillis, endedAtMillis, error,
        DISTRIBUTED);
  }

  /** PRUNED: stopped after some folds, hopelessly behind the best trial on the same folds. */
  public enum Status { OK, FAILED, CANCELLED, PRUNED }

  public boolean ok() {
    return status == Status.OK;
  }

  /** A finished trial on all training rows: one that can become the run's model. */
  /** Trials best first by their mean, for a metric where larger is better or not; ties keep their order. */
  public static java.util.Comparator<TrialResult> bestFirst(boolean largerIsBetter) {
    java.util.Comparator<TrialResult> byMetric = java.util.Comparator.comparingDouble(TrialResult::mean);
    return largerIsBetter ? byMetric.reversed() : byMetric;
  }

  public boolean eligible() {
    return ok() && candidate.onAllRows();
  }

  /**
   * The parameters a refit of this trial uses: the proposal's, with the boosting rounds early
   * stopping chose in place of the rounds proposed. Not for a trial on a share of the rows (the
   * model when no trial ended on all of them): the rounds a sample bears are too few for all rows.
   */
  public Map<String, Object> fitParams() {
    if (bestRounds <= 0 || !candidate.onAllRows()) {
      return candidate.params();
    }
    Map<String, Object> p = new LinkedHashMap<>(candidate.params());
    p.put("numRound", bestRounds);
    return p;
  }

  /** This finished trial with {@code note} in its message (what was cut to finish it in time). */
  public TrialResult noting(String note) {
    return new TrialResult(candidate, variant, status, foldMetrics, mean, std, fitSeconds, startedAtMillis,
        endedAtMillis, note, engine, bestRounds);
  }

  public static TrialResult of(Candidate c, String variant, List<Double> folds, double fitSeconds, long start, long end) {
    return of(c, variant, folds, fitSeconds, start, end, DISTRIBUTED, 0);
  }

  public static TrialResult of(Candidate c, String variant, List<Double> folds, double fitSeconds, long start, long end,
      String engine, int bestRounds) {
    double mean = folds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var = folds.stream().mapToDouble(m -> (m - mean) * (m - mean)).sum() / Math.max(1, folds.size() - 1);
    return new TrialResult(c, variant, Status.OK, folds, mean, Math.sqrt(var), fitSeconds, start, end, null, engine,
        bestRounds);
  }
}
