package sparkwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Task;
import sparkwise.evaluation.Metric;
import sparkwise.Candidate;
import sparkwise.search.OofStore;
import sparkwise.TrialResult;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.SparkJobs;

/**
 * Out-of-fold predictions the task engine kept on the driver are joined and ensembled there, with
 * no Spark job, to the ensembles the same predictions read back from their files give (a resumed
 * run's path: Spark's join, collected).
 */
class InMemoryEnsembleTest {
  @TempDir Path warehouse;

  @Test
  void keptPredictionsAreEnsembledWithoutASparkJobAndAsFromTheirFiles() {
    OofStore store = new OofStore(SharedSpark.session(), warehouse.toString(), "run", "label");
    Random r = new Random(5);
    int n = 600;
    double[] label = new double[n];
    for (int i = 0; i < n; i++) {
      label[i] = 100 + 30 * r.nextGaussian();
    }
    double[] noise = {8, 12, 20};
    List<TrialResult> ranked = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      // The third trial lacks one row (an inner join leaves it out); rows 10-19 stand for two copies each.
      int size = t == 2 ? n - 1 : n;
      long[] keys = new long[size];
      int[] folds = new int[size];
      double[] labels = new double[size];
      double[] weights = new double[size];
      double[][] scores = new double[size][];
      for (int i = 0, at = 0; i < n; i++) {
        if (t == 2 && i == 7) {
          continue;
        }
        int row = (i * 7 + t * 13) % n; // each trial lists its rows in its own order
        keys[at] = row;
        folds[at] = row % 3;
        labels[at] = label[row];
        weights[at] = row >= 10 && row < 20 ? 2 : 1;
        scores[at] = new double[] {label[row] + noise[t] * r.nextGaussian()};
        at++;
      }
      store.writeKept(String.format("t%04d", t), new OofStore.Kept(keys, folds, labels, weights, scores));
      ranked.add(new TrialResult(new Candidate(t, "xgboost", Map.of(), 1.0), "tree", TrialResult.Status.OK,
          List.of(noise[t], noise[t], noise[t]), noise[t], 0.0, 1.0, 0, 1, null, TrialResult.TASK));
    }
    Ensembler.Settings settings = new Ensembler.Settings(Task.REGRESSION, Metric.resolve("rmse", Task.REGRESSION),
        "auto", 3, new int[] {0, 1, 2}, Long.MAX_VALUE);

    var inMemory = SparkJobs.count(() -> new Ensembler(store, settings).build(ranked));
    assertEquals(0, inMemory.jobs(), "no Spark job for predictions kept on the driver");
    List<Ensembler.Result> fromFiles = new Ensembler(new OofStore(SharedSpark.session(), warehouse.toString(), "run",
        "label"), settings).build(ranked);

    assertEquals(List.of("selection", "voting", "stacking"), inMemory.value().stream().map(Ensembler.Result::method).toList());
    assertEquals(fromFiles.size(), inMemory.value().size());
    for (int i = 0; i < fromFiles.size(); i++) {
      Ensembler.Result a = inMemory.value().get(i);
      Ensembler.Result b = fromFiles.get(i);
      assertEquals(b.members(), a.members(), a.method());
      assertArrayEquals(b.weights(), a.weights(), 1e-12, a.method());
      for (int f = 0; f < 3; f++) {
        assertEquals(b.foldMetrics().get(f), a.foldMetrics().get(f), 1e-9, a.method() + " fold " + f);
      }
    }
    Ensembler.Result stacking = inMemory.value().get(2);
    assertTrue(stacking.mean() < noise[0], "stacking beats its best member: " + stacking.mean());
  }

  @Test
  void multiclassStackingOfKeptPredictionsRunsNoSparkJobAndBeatsItsMembers() {
    OofStore store = new OofStore(SharedSpark.session(), warehouse.toString(), "run", "label");
    Random r = new Random(6);
    int n = 900;
    int classes = 3;
    double[] noise = {1.0, 1.4, 2.0};
    List<TrialResult> ranked = new ArrayList<>();
    double[][][] byTrial = new double[3][n][];
    for (int t = 0; t < 3; t++) {
      long[] keys = new long[n];
      int[] folds = new int[n];
      double[] labels = new double[n];
      double[] weights = new double[n];
      for (int i = 0; i < n; i++) {
        keys[i] = i;
        folds[i] = (i / classes) % 3; // every class in every fold
        labels[i] = i % classes;
        weights[i] = 1;
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++) {
          z[c] = (c == i % classes ? 1 : 0) + noise[t] * r.nextGaussian();
        }
        byTrial[t][i] = MulticlassMetaLearner.softmax(z);
      }
      store.writeKept(String.format("t%04d", t), new OofStore.Kept(keys, folds, labels, weights, byTrial[t]));
      ranked.add(new TrialResult(new Candidate(t, "xgboost", Map.of(), 1.0), "tree", TrialResult.Status.OK,
          List.of(0.6, 0.6, 0.6), 0.6 - 0.05 * t, 0.0, 1.0, 0, 1, null, TrialResult.TASK));
    }
    Ensembler.Settings settings = new Ensembler.Settings(Task.MULTICLASS, Metric.resolve("accuracy", Task.MULTICLASS),
        "stacking", 3, new int[] {0, 1, 2}, Long.MAX_VALUE);

    var inMemory = SparkJobs.count(() -> new Ensembler(store, settings).build(ranked));

    assertEquals(0, inMemory.jobs(), "no Spark job for a multiclass meta-learner on predictions kept on the driver");
    Ensembler.Result stacking = inMemory.value().get(0);
    assertEquals("stacking", stacking.method());
    assertEquals(3, stacking.members().size());
    double best = 0;
    for (int i = 0; i < n; i++) { // the sharpest member's accuracy
      int arg = 0;
      for (int c = 1; c < classes; c++) {
        arg = byTrial[0][i][c] > byTrial[0][i][arg] ? c : arg;
      }
      best += arg == i % classes ? 1.0 / n : 0;
    }
    assertTrue(stacking.mean() > best, "stacking " + stacking.mean() + " beats its best member " + best);
  }
}
