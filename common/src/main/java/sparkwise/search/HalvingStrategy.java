package sparkwise.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", 2020) over training-data fractions, with another strategy (TPE in {@code auto})
 * proposing the new configurations, as BOHB does. Rungs train on fractions 1/η^R … 1/η, 1 of each
 * fold's training rows. Each proposal promotes, highest rung first, a configuration in the top
 * 1/η of its rung that has not gone up yet; failing that, the base strategy proposes a new one
 * for the lowest rung, having seen the lowest rung's results (all configurations are measured
 * there, so they compare). The very first proposal trains on all rows (a run has a finished
 * model early), except on large tables, where a first trial on all rows could take the whole
 * budget: there it starts on the lowest rung like the rest. A pure function of (seed, seq, history, earlier proposals).
 */
final class HalvingStrategy implements SearchStrategy {
  static final int ETA = 3;
  /**
   * The lowest rung's fold-training part should keep at least this many rows. Low: on the task
   * engine a trial on a few hundred rows takes a fraction of a second, so even small tables try
   * many configurations cheaply and spend full fits on the promising third (at 3,000, a 7,500-row
   * table ran 5 trials in a minute, 17 at 300).
   */
  static final long MIN_RUNG_ROWS = 250;

  private final SearchStrategy base;
  private final double[] fractions;
  private final boolean largerIsBetter;
  /** The very first proposal's fraction: all rows (a model on all rows early), or on large data the lowest rung. */
  private final double firstFraction;
  /** Every proposal made or replayed, by sequence number. */
  private final Map<Integer, Candidate> proposals = new TreeMap<>();

  HalvingStrategy(SearchStrategy base, double[] fractions, boolean largerIsBetter) {
    this(base, fractions, largerIsBetter, 1.0);
  }

  HalvingStrategy(SearchStrategy base, double[] fractions, boolean largerIsBetter, double firstFraction) {
    this.base = base;
    this.fractions = fractions;
    this.largerIsBetter = largerIsBetter;
    this.firstFraction = firstFraction;
  }

  /**
   * The rung fractions for {@code trainRows} fold-training rows: 1/η^R … 1 with R ≤ 2 as large as
   * keeps the lowest rung above {@link #MIN_RUNG_ROWS}; just {1} when the data are too small to gain.
   */
  static double[] fractionsFor(long trainRows) {
    int rungs = 0;
    while (rungs < 2 && trainRows / Math.pow(ETA, rungs + 1) >= MIN_RUNG_ROWS) {
      rungs++;
    }
    double[] out = new double[rungs + 1];
    for (int r = 0; r <= rungs; r++) {
      out[r] = Math.pow(ETA, r - rungs);
    }
    return out;
  }

  @Override
  public synchronized Optional<Candidate> propose(int seq, List<TrialResult> history) {
    Optional<Candidate> next = promotion(seq, history).or(() -> fresh(seq, history));
    next.ifPresent(c -> proposals.put(seq, c));
    return next;
  }

  @Override
  public synchronized void replay(Candidate finished) {
    proposals.put(finished.seq(), finished);
  }

  private Optional<Candidate> promotion(int seq, List<TrialResult> history) {
    for (int r = fractions.length - 2; r >= 0; r--) {
      double f = fractions[r];
      List<TrialResult> rung = history.stream().filter(TrialResult::ok)
          .filter(t -> t.candidate().fraction() == f && Double.isFinite(t.mean()))
          .sorted(Comparator.comparingDouble(this::goodness).reversed()
              .thenComparingInt(t -> t.candidate().seq()))
          .toList();
      for (TrialResult t : rung.subList(0, rung.size() / ETA)) {
        if (!proposedBefore(seq, t.candidate(), fractions[r + 1])) {
          return Optional.of(t.candidate().at(seq, fractions[r + 1]));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Candidate> fresh(int seq, List<TrialResult> history) {
    int n = (int) proposals.entrySet().stream()
        .filter(e -> e.getKey() < seq && isFresh(e.getKey(), e.getValue())).count();
    List<TrialResult> lowest = history.stream().filter(t -> t.candidate().fraction() == fractions[0]).toList();
    return base.propose(n, lowest).map(c -> c.at(seq, n == 0 ? firstFraction : fractions[0]));
  }

  /** Whether the proposal numbered {@code s} came from the base strategy (not a promotion). */
  private boolean isFresh(int s, Candidate c) {
    if (c.fraction() == fractions[0]) {
      return true;
    }
    int r = java.util.Arrays.binarySearch(fractions, c.fraction());
    double below = r > 0 ? fractions[r - 1] : -1;
    return proposals.entrySet().stream().noneMatch(e -> e.getKey() < s && e.getValue().fraction() == below
        && sameConfig(e.getValue(), c));
  }

  private boolean proposedBefore(int seq, Candidate c, double fraction) {
    return proposals.entrySet().stream().anyMatch(e -> e.getKey() < seq && e.getValue().fraction() == fraction
        && sameConfig(e.getValue(), c));
  }

  private static boolean sameConfig(Candidate a, Candidate b) {
    return a.family().equals(b.family()) && a.paramsJson().equals(b.paramsJson());
  }

  private double goodness(TrialResult t) {
    return largerIsBetter ? t.mean() : -t.mean();
  }

  double[] fractions() {
    return fractions.clone();
  }

  @Override
  public boolean usesHistory() {
    return true;
  }

  @Override
  public String name() {
    List<String> f = new ArrayList<>();
    for (double x : fractions) {
      f.add(x == 1.0 ? "1" : "1/" + Math.round(1 / x));
    }
    return "successive halving (data fractions " + String.join(", ", f) + ") with " + base.name() + " proposals";
  }
}
