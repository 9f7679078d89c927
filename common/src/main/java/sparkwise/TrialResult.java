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
   * stopping chose in place of the rounds proposed ({@link #refitRounds}).
   */
  public Map<String, Object> fitParams() {
    if (bestRounds <= 0) {
      return candidate.params();
    }
    Map<String, Object> p = new LinkedHashMap<>(candidate.params());
    p.put("numRound", refitRounds());
    return p;
  }

  /**
   * The boosting rounds a refit of this trial fits, 0 when early stopping chose none. A trial on a
   * share of the rows (the model when no trial ended on all of them) reached its rounds on fewer rows
   * than the refit has: they grow by the square root of the rows' growth, up to the rounds proposed.
   * Not the proposal's rounds in full: the refit's time is estimated from the rounds reached, and
   * kddcup99 at 60 s (67 rounds reached on a share of the rows, 600 asked) had its refit stopped at
   * the deadline with accuracy 0.563 where its trials scored 0.997.
   */
  public int refitRounds() {
    if (bestRounds <= 0 || candidate.onAllRows()) {
      return bestRounds;
    }
    double grown = Math.ceil(bestRounds / Math.sqrt(Math.max(0.01, candidate.fraction())));
    Object proposed = candidate.params().get("numRound");
    return (int) (proposed instanceof Number n ? Math.min(n.doubleValue(), grown) : grown);
  }

  /** The refit's rounds over the rounds the trial's folds reached, whose time it measured: 1 when the same. */
  public double roundsGrowth() {
    return bestRounds <= 0 ? 1.0 : (double) refitRounds() / bestRounds;
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
