package sparkwise.search;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * How long trials take, by family and share of rows: the longest finished trial of each. A new
 * trial's time is read from the same family's trials: on its own share of rows when one has
 * finished there, else scaled from another share (up in proportion from a smaller one; no more
 * than a larger one took). Of these upper bounds the tightest is taken. A promotion to all rows
 * that cannot end before the deadline is then not started: cut off, it would be time lost.
 */
final class TrialTimes {
  private final Map<String, Map<Double, Double>> longest = new ConcurrentHashMap<>();

  void add(TrialResult r) {
    longest.computeIfAbsent(r.candidate().family(), f -> new ConcurrentHashMap<>())
        .merge(r.candidate().fraction(), (r.endedAtMillis() - r.startedAtMillis()) / 1000.0, Math::max);
  }

  /** The expected wall seconds of {@code c}; 0 when no trial of its family has finished. */
  double expectedSeconds(Candidate c) {
    Map<Double, Double> byFraction = longest.get(c.family());
    if (byFraction == null) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (Map.Entry<Double, Double> e : byFraction.entrySet()) {
      best = Math.min(best, e.getValue() * Math.max(1, c.fraction() / e.getKey()));
    }
    return best;
  }

  /**
   * As {@link #expectedSeconds(Candidate)}, but a trial that cannot be cut short ({@code cuttable}
   * false: a forest grown in one boosting round, which no deadline stops once begun) whose family
   * has no time yet is expected to take as long as the longest trial so far, of any family. Cut
   * off, such a trial goes on in its task: on connect-4 at 60 s a first forest started with 4.5 s
   * left held a core 5.5 s into the refit after it, which then took 10 s, not 5.
   */
  double expectedSeconds(Candidate c, boolean cuttable) {
    double own = expectedSeconds(c);
    if (own > 0 || cuttable) {
      return own;
    }
    double any = 0;
    for (Map<Double, Double> byFraction : longest.values()) {
      for (Map.Entry<Double, Double> e : byFraction.entrySet()) {
        any = Math.max(any, e.getValue() * Math.max(1, c.fraction() / e.getKey()));
      }
    }
    return any;
  }
}
