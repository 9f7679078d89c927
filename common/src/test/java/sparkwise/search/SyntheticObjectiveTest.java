package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.ml.PipelineStage;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * The model-guided strategies on objectives with a known optimum: they must find it better than
 * random search with the same number of trials (averaged over seeds), and replaying the same
 * history must give the same proposals (determinism and resume).
 */
class SyntheticObjectiveTest {
  /** A family with a 3-d space and no model: only the strategies are under test. */
  record Synthetic(String name) implements ModelFamily {
    @Override
    public boolean supports(Task task) {
      return true;
    }

    @Override
    public FeatureVariant variant() {
      return FeatureVariant.TREE;
    }

    @Override
    public List<Dimension> space(Task task) {
      return List.of(new Dimension.RealRange("x", 0.0, 1.0, false, List.of(0.5)),
          new Dimension.RealRange("rate", 1e-4, 1.0, true, List.of(0.1)),
          new Dimension.IntRange("depth", 1, 20, List.of(5)));
    }

    @Override
    public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext context) {
      throw new UnsupportedOperationException();
    }
  }

  static final List<ModelFamily> FAMILIES = List.of(new Synthetic("a"), new Synthetic("b"));

  /** Maximum 0 at x = 0.73, rate = 0.003, depth = 14 in family b; family a is 0.3 worse. */
  static double objective(Candidate c) {
    double x = ((Number) c.params().get("x")).doubleValue();
    double lr = Math.log10(((Number) c.params().get("rate")).doubleValue());
    double depth = ((Number) c.params().get("depth")).doubleValue();
    double d = (x - 0.73) * (x - 0.73) + (lr + 2.52) * (lr + 2.52) / 16 + (depth - 14) * (depth - 14) / 361;
    return -d - (c.family().equals("a") ? 0.3 : 0);
  }

  /** Runs {@code trials} proposals one at a time and returns the best objective value found. */
  static double bestAfter(SearchStrategy s, int trials, List<Candidate> proposed) {
    List<TrialResult> history = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < trials; i++) {
      Candidate c = s.propose(i, List.copyOf(history)).orElseThrow();
      proposed.add(c);
      double v = objective(c);
      best = Math.max(best, v);
      history.add(TrialResult.of(c, "tree", List.of(v, v), 0.1, i, i + 1));
    }
    return best;
  }

  static double meanBest(ToDoubleFunction<Long> run) {
    double sum = 0;
    for (long seed = 1; seed <= 10; seed++) {
      sum += run.applyAsDouble(seed);
    }
    return sum / 10;
  }

  @Test
  void tpeBeatsRandomSearchOnAKnownOptimum() {
    double random = meanBest(s -> bestAfter(new RandomStrategy(FAMILIES, Task.BINARY, s), 40, new ArrayList<>()));
    double tpe = meanBest(s -> bestAfter(new TpeStrategy(FAMILIES, Task.BINARY, s, true), 40, new ArrayList<>()));
    assertTrue(tpe > random, "tpe " + tpe + " vs random " + random);
    assertTrue(tpe > -0.01, "tpe gets close to the optimum: " + tpe);
  }

  @Test
  void geneticBeatsRandomSearchOnAKnownOptimum() {
    double random = meanBest(s -> bestAfter(new RandomStrategy(FAMILIES, Task.BINARY, s), 40, new ArrayList<>()));
    double ga = meanBest(s -> bestAfter(new GeneticStrategy(FAMILIES, Task.BINARY, s, true), 40, new ArrayList<>()));
    assertTrue(ga > random, "genetic " + ga + " vs random " + random);
  }

  @Test
  void minimisingMetricsAreMinimised() {
    // With largerIsBetter = false the strategy must chase the smallest values: negate the objective.
    SearchStrategy s = new TpeStrategy(FAMILIES, Task.BINARY, 3, false);
    List<TrialResult> history = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 40; i++) {
      Candidate c = s.propose(i, List.copyOf(history)).orElseThrow();
      double loss = -objective(c);
      best = Math.min(best, loss);
      history.add(TrialResult.of(c, "tree", List.of(loss), 0.1, i, i + 1));
    }
    assertTrue(best < 0.02, "loss " + best);
  }

  @Test
  void sameSeedAndHistoryGiveTheSameProposals() {
    for (SearchStrategy[] pair : List.of(
        new SearchStrategy[] {new TpeStrategy(FAMILIES, Task.BINARY, 9, true), new TpeStrategy(FAMILIES, Task.BINARY, 9, true)},
        new SearchStrategy[] {new GeneticStrategy(FAMILIES, Task.BINARY, 9, true),
            new GeneticStrategy(FAMILIES, Task.BINARY, 9, true)})) {
      List<Candidate> a = new ArrayList<>();
      List<Candidate> b = new ArrayList<>();
      bestAfter(pair[0], 25, a);
      bestAfter(pair[1], 25, b);
      assertEquals(a, b, pair[0].name());
    }
  }
}
