package sparkwise.train;

import java.util.List;
import java.util.OptionalInt;
import sparkwise.Task;
import sparkwise.ensemble.Ensembler;
import sparkwise.evaluation.Metric;
import sparkwise.search.OofStore;
import sparkwise.TrialResult;

/**
 * Whether an ensemble would beat the best single trial if the search ended now, and with how many
 * members. The search keeps room for refitting an ensemble's members; asked near its end, this
 * lets it keep room for one model when no ensemble wins. wine_quality at 60 s kept 15 s back for
 * two members, chose a single XGBoost, used 6.6 s of it and ended 10 s before its budget.
 * Answers only from predictions kept on the driver (the task engine's), at most every
 * {@link #MIN_INTERVAL_MILLIS} and when the trials on all rows have changed.
 */
final class EnsembleForecast {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnsembleForecast.class);
  /** Building the ensembles takes 0.1–0.7 s of a core the trials share: not more often than this. */
  static final long MIN_INTERVAL_MILLIS = 3_000;
  /** How long one forecast may build ensembles. */
  private static final long BUILD_MILLIS = 2_000;

  private final OofStore store;
  private final Task task;
  private final Metric metric;
  private final String method;
  private final int maxMembers;
  private final int[] folds;
  private long seen = -1;
  private long at;
  private OptionalInt last = OptionalInt.empty();

  EnsembleForecast(OofStore store, Task task, Metric metric, String method, int maxMembers, int[] folds) {
    this.store = store;
    this.task = task;
    this.metric = metric;
    this.method = method;
    this.maxMembers = maxMembers;
    this.folds = folds;
  }

  /**
   * Members of the ensemble that wins on {@code history}'s trials on all rows, 1 when the best of
   * them alone does better than every ensemble; empty when not known (predictions not on the driver).
   */
  synchronized OptionalInt members(List<TrialResult> history, long now) {
    List<TrialResult> ranked = history.stream().filter(TrialResult::eligible)
        .sorted(TrialResult.bestFirst(metric.largerIsBetter())).toList();
    if (ranked.size() == seen || (seen >= 0 && now - at < MIN_INTERVAL_MILLIS)) {
      return last;
    }
    seen = ranked.size();
    at = now;
    Ensembler ensembler = new Ensembler(store, new Ensembler.Settings(task, metric, method, maxMembers, folds,
        now + BUILD_MILLIS));
    if (ranked.size() < 2 || !ensembler.inMemory(ranked)) {
      last = ranked.size() < 2 ? OptionalInt.of(1) : OptionalInt.empty();
      return last;
    }
    Ensembler.Result best = null;
    try {
      for (Ensembler.Result e : ensembler.build(ranked)) {
        if (metric.better(e.mean(), best == null ? ranked.get(0).mean() : best.mean())) {
          best = e;
        }
      }
    } catch (RuntimeException e) { // the full reserve stands
      LOG.warn("Could not forecast the ensemble: {}", e.toString());
      last = OptionalInt.empty();
      return last;
    }
    last = OptionalInt.of(best == null ? 1 : best.members().size());
    LOG.info("Ensemble forecast on {} trials: {}", ranked.size(), best == null ? "the best trial alone"
        : best.family() + " of " + best.members().size());
    return last;
  }
}
