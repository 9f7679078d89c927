package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * A search warm-started from a registered model: its first trial is the model's own
 * configuration, the earlier run's trials are priors (same columns), the summary says what was
 * reused, and two warm-started runs with the same seed and history run the same trials.
 */
class WarmStartTest {
  @TempDir static Path warehouse;
  static ModelVersion champion;
  static Dataset<Row> newer;

  @BeforeAll
  static void registerAChampion() {
    // Without its leaky column, which one slice drops and the other keeps: both slices have the same features.
    Dataset<Row> all = TestData.churn(1200).drop("retention_offer_sent").cache();
    Dataset<Row> older = all.filter("customer_id < 'C000000600'");
    newer = all.filter("customer_id >= 'C000000600'");
    TrainResult r = Sparkwise.train(SharedSpark.session(), older, config(4, null),
        options("cold").registeringAs("churn", java.util.Map.of()));
    ModelRegistry registry = new ModelRegistry(SharedSpark.session(), warehouse.toString());
    registry.promote("churn", r.registeredVersion(), "champion");
    champion = registry.require("churn", r.registeredVersion());
  }

  static TrainConfig config(int maxTrials, String warmStart) {
    return ConfigLoader.fromYaml("test", """
        label: churned
        budget: 10m
        final_fit: train
        seed: 11
        search: {max_trials: %d, parallelism: 1}
        models: {include: [xgboost_linear, xgboost]}
        ensemble: {enabled: false}
        """.formatted(maxTrials), new ConfigOverrides(null, null, null, warmStart));
  }

  private static TrainOptions options(String runId) {
    return new TrainOptions(warehouse.toString(), runId, new InputInfo("/data/churn", "delta", 1L, "delta@1"),
        Progress.SILENT);
  }

  private static List<String> trials(String runId) {
    return SharedSpark.session().read().format("delta").load(warehouse.resolve("trials").toString())
        .filter("run_id = '" + runId + "'").orderBy("seq")
        .selectExpr("concat_ws(' ', trial_id, family, params_json, format_number(mean, 9))")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Test
  void firstTrialIsTheChampionsConfigurationAndRunsRepeat() {
    TrainResult a = Sparkwise.train(SharedSpark.session(), newer, config(3, "churn@champion"), options("warm-a"));
    TrainResult b = Sparkwise.train(SharedSpark.session(), newer, config(3, "churn@champion"), options("warm-b"));

    var first = SharedSpark.session().read().format("delta").load(warehouse.resolve("trials").toString())
        .filter("run_id = 'warm-a' AND seq = 0").first();
    assertEquals(champion.bestModel(), first.getAs("family"));
    assertEquals(champion.paramsJson(), first.getAs("params_json"), "the champion's configuration comes first");

    var w = a.summary().get("warm_start");
    assertTrue(w != null && w.get("from").asText().contains("churn:" + champion.version()), a.summary().toString());
    assertEquals(champion.runId(), w.get("run_id").asText());
    assertTrue(w.get("priors").asInt() > 0, "same columns: the earlier trials are prior observations: " + w);
    assertEquals(champion.bestModel(), w.get("seeds").get(0).get("family").asText());

    List<String> ta = trials("warm-a");
    assertEquals(3, ta.size(), ta.toString());
    assertEquals(ta, trials("warm-b"), "same seed, same history: the same trials");
    assertEquals(a.summary().get("holdout"), b.summary().get("holdout"));
  }

  /** A budget too small for any trial: the model is the champion's configuration, not a shallow tree. */
  @Test
  void aRunCutOffBeforeAnyTrialFallsBackOnTheChampionsConfiguration() {
    TrainConfig tight = ConfigLoader.fromYaml("test", """
        label: churned
        budget: 8s
        final_fit: train
        seed: 11
        models: {include: [xgboost_linear, xgboost]}
        ensemble: {enabled: false}
        """, new ConfigOverrides(null, null, null, "churn@champion"));
    TrainResult r = Sparkwise.train(SharedSpark.session(), newer, tight, options("warm-cut"));
    var s = r.summary();
    assertEquals(0, s.get("trials").asInt(), s.toString());
    assertEquals(champion.bestModel(), s.get("best_model").asText(), s.toString());
    assertTrue(s.get("cuts").toString().contains("the warm start's first configuration"), s.get("cuts").toString());
    assertEquals(champion.paramsJson(), r.leaderboard().get(0).candidate().paramsJson());
  }
}
