package sparkwise.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * Bayesian search with a Tree-structured Parzen Estimator (Bergstra et al., 2011). Each family's
 * first candidate is its default; then, per proposal, a family is chosen (half the time the
 * best one so far) and its finished trials are split into the best quarter ("good") and the rest.
 * Candidates drawn from the good trials' Parzen density (Gaussian kernels on the unit-scaled
 * dimensions, plus a uniform prior) are scored by the ratio l(x)/g(x); the best is proposed.
 * A pure function of (seed, seq, history): replaying finished trials rebuilds its state.
 */
public final class TpeStrategy implements SearchStrategy {
  static final int STARTUP = 3;
  static final int CANDIDATES = 24;
  static final double GAMMA = 0.25;

  private final List<ModelFamily> families;
  private final Task task;
  private final long seed;
  private final boolean largerIsBetter;
  /** The first proposals: each family's default, or a portfolio ({@link Portfolio}). */
  private final List<Candidate> start;

  public TpeStrategy(List<ModelFamily> families, Task task, long seed, boolean largerIsBetter) {
    this(families, task, seed, largerIsBetter, families.stream()
        .map(f -> UnitSpace.defaults(families.indexOf(f), f, task)).toList());
  }

  TpeStrategy(List<ModelFamily> families, Task task, long seed, boolean largerIsBetter, List<Candidate> start) {
    this.families = families;
    this.task = task;
    this.seed = seed;
    this.largerIsBetter = largerIsBetter;
    this.start = start;
  }

  @Override
  public Optional<Candidate> propose(int seq, List<TrialResult> history) {
    Random r = new Random(seed * 1_000_003L + seq * 7919L + 17);
    if (seq < start.size()) {
      return Optional.of(start.get(seq).at(seq, 1.0));
    }
    List<TrialResult> ok = history.stream().filter(TrialResult::ok).filter(t -> Double.isFinite(t.mean()))
        .sorted(Comparator.comparingDouble(this::goodness).reversed()).toList();
    ModelFamily f = !ok.isEmpty() && r.nextBoolean()
        ? byName(ok.get(0).candidate().family())
        : families.get(r.nextInt(families.size()));
    List<TrialResult> own = ok.stream().filter(t -> t.candidate().family().equals(f.name())).toList();
    List<Dimension> dims = f.space(task);
    if (own.size() < STARTUP) {
      return Optional.of(new Candidate(seq, f.name(), UnitSpace.decode(dims, UnitSpace.randomPoint(dims.size(), r))));
    }
    int nGood = Math.max(1, (int) Math.ceil(GAMMA * own.size()));
    List<double[]> good = new ArrayList<>();
    List<double[]> bad = new ArrayList<>();
    for (int i = 0; i < own.size(); i++) {
      (i < nGood ? good : bad).add(UnitSpace.encode(dims, own.get(i).candidate().params()));
    }
    double[] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double[] x = sampleFrom(good, dims.size(), r);
      double score = 0;
      for (int d = 0; d < dims.size(); d++) {
        score += Math.log(density(good, d, x[d])) - Math.log(density(bad, d, x[d]));
      }
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    return Optional.of(new Candidate(seq, f.name(), UnitSpace.decode(dims, best)));
  }

  private double goodness(TrialResult t) {
    return largerIsBetter ? t.mean() : -t.mean();
  }

  private ModelFamily byName(String name) {
    return families.stream().filter(f -> f.name().equals(name)).findFirst().orElse(families.get(0));
  }

  /** Kernel width on the unit scale: narrows as evidence grows, never below 5 % of the range. */
  static double bandwidth(int points) {
    return Math.max(0.05, 1.0 / (1 + points));
  }

  /** The Parzen density at {@code x} of dimension {@code d}: Gaussian kernels plus a uniform prior. */
  static double density(List<double[]> points, int d, double x) {
    double sigma = bandwidth(points.size());
    double sum = 1.0; // the uniform prior on [0, 1], weight one point
    for (double[] p : points) {
      double z = (x - p[d]) / sigma;
      sum += Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
    }
    return sum / (points.size() + 1);
  }

  static double[] sampleFrom(List<double[]> points, int dims, Random r) {
    double sigma = bandwidth(points.size());
    double[] x = new double[dims];
    for (int d = 0; d < dims; d++) {
      int k = r.nextInt(points.size() + 1);
      x[d] = k == points.size()
          ? r.nextDouble()
          : Math.max(0, Math.min(1, points.get(k)[d] + sigma * r.nextGaussian()));
    }
    return x;
  }

  @Override
  public boolean usesHistory() {
    return true;
  }

  @Override
  public String name() {
    return "bayesian";
  }
}
