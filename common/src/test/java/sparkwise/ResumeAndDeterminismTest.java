package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * A run that dies after two trials is resumed: finished trials are kept and not rerun, no trial
 * is recorded twice, and the result equals that of an uninterrupted run with the same seed. The
 * families are XGBoost's, so the trials run on the task engine (one Spark task each).
 */
class ResumeAndDeterminismTest {
  @TempDir static Path warehouse;
  static Dataset<Row> data;
  static TrainConfig cfg;
  static final InputInfo INPUT = new InputInfo("/data/churn", "delta", 3L, "delta@3");

  @BeforeAll
  static void setUp() {
    data = TestData.churn(800).cache();
    cfg = config(6);
  }

  static TrainConfig config(int maxTrials) {
    return ConfigLoader.fromYaml("test", """
        label: churned
        budget: 10m
        final_fit: train
        seed: 11
        search: {max_trials: %d, parallelism: 1}
        models: {include: [xgboost_linear, xgboost]}
        ensemble: {method: selection}
        """.formatted(maxTrials), ConfigOverrides.none());
  }

  private static TrainOptions options(String runId, Progress progress) {
    return new TrainOptions(warehouse.toString(), runId, INPUT, progress);
  }

  /**
   * Dies (like a killed driver) when the second trial has been recorded. Trials only: the last
   * trials' commits may land after the ensemble's line (its own {@code trial(String)}).
   */
  private static Progress dyingAfterTwoTrials() {
    return new Progress() {
      int trials;

      @Override
      public void phase(String message) { }

      @Override
      public void trial(TrialEvent e) {
        if (++trials == 2) {
          throw new IllegalStateException("simulated crash after two trials");
        }
      }
    };
  }

  private static Dataset<Row> table(String name) {
    return SharedSpark.session().read().format("delta").load(warehouse.resolve(name).toString());
  }

  /**
   * The leaderboard without timings: trial, family, params and metric (to 9 decimals: Spark's
   * distributed sums may differ in the last bit between runs), in rank order.
   */
  private static List<String> ranking(TrainResult r) {
    List<String> out = new java.util.ArrayList<>();
    r.summary().get("leaderboard").forEach(e -> out.add(e.get("model").asText() + " " + e.get("family").asText() + " "
        + e.get("params") + " " + String.format("%.9f", e.get("cv_metric").asDouble())));
    return out;
  }

  @Test
  void resumedRunKeepsFinishedTrialsAndMatchesAnUninterruptedRun() {
    SparkSession spark = SharedSpark.session();
    TrainResult reference = Sparkwise.train(spark, data, cfg, options("reference", Progress.SILENT));

    assertThrows(IllegalStateException.class, () -> Sparkwise.train(spark, data, cfg, options("crash", dyingAfterTwoTrials())));
    assertEquals("failed", table("runs").filter("run_id = 'crash'").first().getAs("status"));
    List<Row> before = table("trials").filter("run_id = 'crash'").orderBy("seq").collectAsList();
    // The crash comes once the second trial's commit has landed; trials that ended while the
    // first was being committed share the second's commit (TrialWriter batches them). Six trials
    // leave some for the resume however quick the trials are.
    int kept = before.size();
    assertTrue(kept >= 2 && kept < 6, "trials recorded before the crash: " + kept);

    SparkwiseException otherConfig = assertThrows(SparkwiseException.class,
        () -> Sparkwise.train(spark, data, config(7), options("crash", Progress.SILENT).resuming("crash")));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.ConfigException.class, otherConfig);
    assertTrue(otherConfig.getMessage().contains("search.max_trials was 6, now 7"), otherConfig.getMessage());
    SparkwiseException otherData = assertThrows(SparkwiseException.class, () -> Sparkwise.train(spark, data, cfg,
        new TrainOptions(warehouse.toString(), "crash", new InputInfo("/data/churn", "delta", 4L, "delta@4"),
            Progress.SILENT).resuming("crash")));
    assertEquals(java.util.Optional.of(Parameter.DATA), otherData.parameter()); // a launcher names it its own way
    assertTrue(otherData.getMessage().startsWith("data: is not the input of run 'crash'")
        && otherData.getMessage().contains("Delta version was 3, now 4"), otherData.getMessage());
    SparkwiseException reused = assertThrows(SparkwiseException.class,
        () -> Sparkwise.train(spark, data, cfg, options("crash", Progress.SILENT)));
    assertEquals(java.util.Optional.of(Parameter.RUN_ID), reused.parameter());
    assertTrue(reused.getMessage().contains("resume run crash"), reused.getMessage());

    TrainResult resumed = Sparkwise.train(spark, data, cfg, options("crash", Progress.SILENT).resuming("crash"));
    List<Row> after = table("trials").filter("run_id = 'crash'").orderBy("seq").collectAsList();
    assertEquals(6, after.size(), "those kept + the rest new, none twice");
    assertEquals(6, table("trials").filter("run_id = 'crash'").select("trial_id").distinct().count());
    for (int i = 0; i < kept; i++) {
      assertEquals(before.get(i).<Object>getAs("ended_at"), after.get(i).getAs("ended_at"), "finished trials are not rerun");
    }
    assertEquals("completed", table("runs").filter("run_id = 'crash'").first().getAs("status"));

    // Same seed, same input: the same trials, params and metrics, interrupted or not.
    List<Row> ref = table("trials").filter("run_id = 'reference'").orderBy("seq").collectAsList();
    for (int i = 0; i < 6; i++) {
      assertEquals(ref.get(i).<String>getAs("params_json"), after.get(i).getAs("params_json"));
      assertEquals(ref.get(i).<Integer>getAs("best_rounds"), after.get(i).getAs("best_rounds"), "trial " + i + " rounds");
      assertEquals(ref.get(i).<String>getAs("status"), after.get(i).getAs("status"), "trial " + i + " status");
      assertEquals("task", after.get(i).<String>getAs("engine"), "trial " + i + " engine");
      assertEquals(ref.get(i).getList(ref.get(i).fieldIndex("fold_metrics")).size(),
          after.get(i).getList(after.get(i).fieldIndex("fold_metrics")).size(), "trial " + i + " folds run");
      Double mean = ref.get(i).getAs("mean"); // null for a trial stopped early (pruned)
      if (mean != null) {
        assertEquals(mean, after.get(i).<Double>getAs("mean"), 1e-9, "trial " + i + " metric");
      }
    }
    assertEquals(ranking(reference), ranking(resumed));
    reference.summary().get("holdout").fields().forEachRemaining(m -> assertEquals(m.getValue().asDouble(),
        resumed.summary().get("holdout").get(m.getKey()).asDouble(), 1e-9, "holdout " + m.getKey()));

    TrainResult again = Sparkwise.train(spark, data, cfg, options("crash", Progress.SILENT).resuming("crash"));
    assertEquals(resumed.summary().get("holdout"), again.summary().get("holdout"), "a completed run is returned as is");
  }
}
