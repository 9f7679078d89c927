package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * A budget smaller than the run's fixed cost: no trial can finish, and the run still ends with a
 * model (a shallow decision tree fitted without a search), says what it cut and by how much it
 * went over.
 */
class DeadlineCutTest {
  @TempDir Path warehouse;

  @Test
  void aBudgetTooSmallForAnyTrialEndsWithAnUnsearchedModelAndSaysSo() {
    TrainConfig cfg = ConfigLoader.fromYaml("test", """
        label: churned
        budget: 15s
        seed: 5
        models: {include: [gbt]}
        """, ConfigOverrides.none());
    var data = TestData.churn(14_000).cache(); // more training rows than the fallback tree is fitted on
    data.count();
    TrainResult r = Sparkwise.train(SharedSpark.session(), data, cfg, TrainOptions.of(warehouse.toString()));

    var s = r.summary();
    System.out.println("deadline-cut summary: wall " + s.get("wall_seconds") + " phases " + s.get("phase_seconds")
        + " estimates " + s.get("phase_estimates") + " cuts " + s.get("cuts"));
    // Whether a trial starts depends on the machine's speed; none may finish (the first is cut).
    s.get("trials_by_engine").forEach(e -> assertEquals(0, e.path("ok").asInt(0), s.toString()));
    assertTrue(s.get("cuts").toString().contains("no trial finished within the budget"), s.get("cuts").toString());
    assertEquals("decision_tree", s.get("best_model").asText());
    assertTrue(s.get("cuts").toString().contains("the unsearched tree is fitted on a sample of ~10,000 of the"),
        s.get("cuts").toString());
    assertEquals("train", s.get("final_fit").asText(), "a sampled refit is not fitted again on all rows");
    assertTrue(s.get("cv").get("mean").isNull(), "no cross-validated metric for a model no trial measured");
    assertEquals(15.0, s.get("budget_seconds").asDouble());
    assertTrue(s.get("overrun_seconds").asDouble() >= 0, s.toString());
    assertTrue(s.get("holdout").get("roc_auc").asDouble() > 0.6, "a real model, not a constant: " + s);
    PipelineModel loaded = PipelineModel.load(r.modelPath());
    assertEquals(200, loaded.transform(TestData.churn(200)).count());
  }
}
