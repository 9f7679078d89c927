package sparkwise.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import sparkwise.evaluation.Metric;
import sparkwise.TrialResult;

/** The trials that can become the run's model, best first. */
final class Ranking {
  private Ranking() {}

  /**
   * Those on all rows; when none finished on all rows in time, those on the largest share of rows
   * that beat {@code constant}, the score of ignoring the features (the model is then refitted on
   * more rows). A sampled trial no better than that is dropped and, with nothing left, the run
   * falls back on an unsearched tree ({@link Fallback}). {@code cut} hears what was decided.
   */
  static List<TrialResult> rank(List<TrialResult> trials, Metric metric, double constant, Consumer<String> cut) {
    Comparator<TrialResult> order = TrialResult.bestFirst(metric.largerIsBetter());
    List<TrialResult> ranked = new ArrayList<>(trials.stream().filter(TrialResult::eligible).toList());
    if (ranked.isEmpty()) {
      double top = trials.stream().filter(TrialResult::ok).mapToDouble(t -> t.candidate().fraction()).max().orElse(-1);
      List<TrialResult> sampled = trials.stream().filter(t -> t.ok() && t.candidate().fraction() == top)
          .sorted(order).toList();
      sampled.stream().filter(t -> metric.better(t.mean(), constant)).forEach(ranked::add);
      if (!ranked.isEmpty()) {
        cut.accept(String.format(Locale.ROOT,
            "no trial finished on all rows within the budget; the model is the best trial on %.0f%% of them",
            top * 100));
      } else if (!sampled.isEmpty()) {
        cut.accept(String.format(Locale.ROOT, "no trial finished on all rows within the budget; the best on %.0f%% "
            + "of them (%s, %s %.4f) did no better than a constant prediction (%.4f) and was dropped", top * 100,
            sampled.get(0).candidate().family(), metric.id(), sampled.get(0).mean(), constant));
      }
    }
    ranked.sort(order);
    return ranked;
  }
}
