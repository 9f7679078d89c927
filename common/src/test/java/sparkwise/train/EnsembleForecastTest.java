package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Task;
import sparkwise.evaluation.Metric;
import sparkwise.Candidate;
import sparkwise.search.OofStore;
import sparkwise.TrialResult;
import sparkwise.testing.SharedSpark;

/**
 * Near the search's end the reserve for an ensemble's members follows the ensemble that would win
 * now: members when one beats the best trial, one refit when none does, and the full reserve when
 * the predictions are not on the driver to tell.
 */
class EnsembleForecastTest {
  private static final Metric RMSE = Metric.resolve("rmse", Task.REGRESSION);
  private static final int ROWS = 600;

  @TempDir Path warehouse;

  @Test
  void trialsWithIndependentErrorsForecastAnEnsembleOfSeveral() {
    OofStore store = new OofStore(SharedSpark.session(), warehouse.toString(), "run", "label");
    List<TrialResult> trials = keep(store, new double[] {8, 12, 20}, false);

    OptionalInt members = forecast(store).members(trials, System.currentTimeMillis());

    assertTrue(members.isPresent() && members.getAsInt() >= 2, "an ensemble wins: " + members);
  }

  @Test
  void aTrialNoEnsembleBeatsForecastsOneRefit() {
    OofStore store = new OofStore(SharedSpark.session(), warehouse.toString(), "run", "label");
    List<TrialResult> trials = keep(store, new double[] {0, 12, 20}, false); // the first is exact

    assertEquals(OptionalInt.of(1), forecast(store).members(trials, System.currentTimeMillis()));
  }

  @Test
  void predictionsNotOnTheDriverForecastNothing() {
    OofStore store = new OofStore(SharedSpark.session(), warehouse.toString(), "run", "label");
    List<TrialResult> trials = keep(store, new double[] {0, 12, 20}, true);

    assertEquals(OptionalInt.empty(), forecast(store).members(trials, System.currentTimeMillis()));
  }

  @Test
  void theReserveNearTheEndIsForTheForecastMembersAndTheFullOneBefore() {
    OofStore store = new OofStore(SharedSpark.session(), warehouse.toString(), "run", "label");
    List<TrialResult> trials = keep(store, new double[] {0, 12, 20}, false);
    long now = System.currentTimeMillis();
    SearchPhase.ReserveFor perMember = (h, possible, m) -> 10.0 * m;

    double early = SearchPhase.reserve(trials, 5, new sparkwise.search.Deadline(now, now + 60_000, now + 61_000),
        forecast(store), perMember);
    double late = SearchPhase.reserve(trials, 5, new sparkwise.search.Deadline(now, now + 20_000, now + 21_000),
        forecast(store), perMember);
    double withoutForecast = SearchPhase.reserve(trials, 5,
        new sparkwise.search.Deadline(now, now + 20_000, now + 21_000), null, perMember);

    assertEquals(30.0, early, 1e-9, "three trials on all rows, 30 s of search left beyond their reserve");
    assertEquals(10.0, late, 1e-9, "the reserve would end the search and no ensemble wins: one refit");
    assertEquals(30.0, withoutForecast, 1e-9);
  }

  private static EnsembleForecast forecast(OofStore store) {
    return new EnsembleForecast(store, Task.REGRESSION, RMSE, "auto", 5, new int[] {0, 1, 2});
  }

  /** Trials whose predictions are the label plus noise of these scales, kept on the driver or written only. */
  private static List<TrialResult> keep(OofStore store, double[] noise, boolean onDiskOnly) {
    Random r = new Random(5);
    double[] label = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      label[i] = 100 + 30 * r.nextGaussian();
    }
    List<TrialResult> trials = new ArrayList<>();
    for (int t = 0; t < noise.length; t++) {
      long[] keys = new long[ROWS];
      int[] folds = new int[ROWS];
      double[] weights = new double[ROWS];
      double[][] scores = new double[ROWS][];
      for (int i = 0; i < ROWS; i++) {
        keys[i] = i;
        folds[i] = i % 3;
        weights[i] = 1;
        scores[i] = new double[] {label[i] + noise[t] * r.nextGaussian()};
      }
      String id = String.format("t%04d", t);
      OofStore.Kept kept = new OofStore.Kept(keys, folds, label.clone(), weights, scores);
      if (onDiskOnly) {
        store.writeReduced(id, SharedSpark.session().createDataFrame(rows(kept),
            store.schema(List.of(OofStore.SCORE))));
      } else {
        store.writeKept(id, kept);
      }
      trials.add(new TrialResult(new Candidate(t, "xgboost", Map.of(), 1.0), "tree", TrialResult.Status.OK,
          List.of(noise[t], noise[t], noise[t]), noise[t], 0.0, 1.0, 0, 1, null,
          onDiskOnly ? TrialResult.DISTRIBUTED : TrialResult.TASK));
    }
    return trials;
  }

  private static List<org.apache.spark.sql.Row> rows(OofStore.Kept k) {
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (int i = 0; i < k.size(); i++) {
      rows.add(org.apache.spark.sql.RowFactory.create(k.keys()[i], k.folds()[i], k.labels()[i], k.weights()[i],
          k.scores()[i]));
    }
    return rows;
  }
}
