package sparkwise.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;

/**
 * The first proposals of the {@code auto} search: a short list of diverse configurations that did
 * well across the shared public tables, so that the first trials of a run are strong ones whatever
 * the table, and the Bayesian search continues from there. {@link #PICKED} was chosen from
 * {@link #POOL} by {@code scripts/bench-portfolio}: every pool configuration cross-validated on each
 * of 16 tables of {@code ../shared/datasets} (all but kddcup99, whose run was cut for time), then
 * greedy forward selection of the configuration that most lowers the mean over tables of the
 * best normalised regret so far (0: the table's best pool configuration, 1: its worst). The evidence and the order of the picks
 * are in {@code benchmarks/portfolio.md}.
 */
public final class Portfolio {
  private Portfolio() {}

  /** The candidates the portfolio is picked from (the parameter names of each family's stage). */
  public static final List<Candidate> POOL = List.of(
      xgb(200, 6, 0.1, 0.8, 0.8, 1.0, 1.0),
      xgb(400, 4, 0.05, 0.8, 0.8, 1.0, 1.0),
      xgb(100, 3, 0.3, 1.0, 1.0, 1.0, 1.0),
      xgb(300, 8, 0.05, 0.7, 0.6, 3.0, 3.0),
      xgb(600, 6, 0.02, 0.8, 0.5, 1.0, 1.0),
      xgb(150, 10, 0.1, 0.7, 0.7, 5.0, 5.0),
      xgb(500, 3, 0.1, 0.9, 0.9, 1.0, 0.3),
      xgb(250, 5, 0.08, 0.6, 0.4, 10.0, 1.0),
      xgb(80, 6, 0.3, 0.8, 0.8, 1.0, 10.0),
      xgb(400, 7, 0.03, 0.9, 0.7, 2.0, 1.0),
      rf(200, 12, 0.63, 0.5, 1.0),
      rf(300, 16, 0.63, 0.3, 1.0),
      rf(150, 8, 0.8, 0.7, 3.0),
      rf(100, 14, 0.5, 0.2, 1.0),
      linear(1e-3, 1e-5, 100),
      linear(1e-5, 1e-7, 200),
      linear(1e-1, 1e-3, 100));

  /** The configurations the {@code auto} search proposes first, in order (see the class comment). */
  static final List<Candidate> PICKED = List.of(POOL.get(5), POOL.get(15), POOL.get(4), POOL.get(11), POOL.get(9),
      POOL.get(7));

  /**
   * The first proposals for {@code families}: the picked configurations of the families searched,
   * then the default of every family the portfolio has none of.
   */
  static List<Candidate> start(List<ModelFamily> families, sparkwise.Task task) {
    List<Candidate> out = new ArrayList<>();
    List<String> names = families.stream().map(ModelFamily::name).toList();
    for (Candidate c : PICKED) {
      if (names.contains(c.family())) {
        out.add(c.at(out.size(), 1.0));
      }
    }
    for (ModelFamily f : families) {
      if (out.stream().noneMatch(c -> c.family().equals(f.name()))) {
        Candidate d = UnitSpace.defaults(out.size(), f, task);
        out.add(d);
      }
    }
    return out;
  }

  private static Candidate xgb(int rounds, int depth, double eta, double subsample, double colsample,
      double minChildWeight, double lambda) {
    return new Candidate(0, "xgboost", ordered("numRound", rounds, "maxDepth", depth, "eta", eta, "subsample",
        subsample, "colsampleBytree", colsample, "minChildWeight", minChildWeight, "lambda", lambda));
  }

  private static Candidate rf(int trees, int depth, double subsample, double colsampleBynode, double minChildWeight) {
    return new Candidate(0, "xgboost_rf", ordered("numParallelTree", trees, "maxDepth", depth, "subsample", subsample,
        "colsampleBynode", colsampleBynode, "minChildWeight", minChildWeight));
  }

  private static Candidate linear(double lambda, double alpha, int rounds) {
    return new Candidate(0, "xgboost_linear", ordered("lambda", lambda, "alpha", alpha, "numRound", rounds));
  }

  /** Params in a fixed order, so that a trial's params JSON reads the same in every run. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
