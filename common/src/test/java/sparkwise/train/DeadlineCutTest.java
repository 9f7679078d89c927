package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.config.ConfigLoader;
import sparkwise.config.ConfigOverrides;
import sparkwise.config.TrainConfig;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * The budget cuts the first trial too: a deliberately slow first trial (gradient-boosted trees,
 * distributed, on 40k rows: minutes here) is cancelled at the search's deadline, and the
 * run still ends inside its budget with a model and says what it cut. With the first trial exempt
 * from the deadline (as before), this run took minutes.
 */
class DeadlineCutTest {
  @TempDir Path warehouse;

  @Test
  void aLongFirstTrialIsCutOffAndTheRunEndsInsideItsBudgetWithAModel() {
    TrainConfig cfg = ConfigLoader.fromYaml("test", """
        label: churned
        budget: 60s
        seed: 5
        search: {strategy: grid, max_trials: 3, parallelism: 1}
        models: {include: [gbt]}
        ensemble: {enabled: false}
        """, ConfigOverrides.none());
    var data = TestData.churn(40_000).cache();
    data.count();
    long start = System.currentTimeMillis();
    TrainResult r = Sparkwise.train(SharedSpark.session(), data, cfg,
        TrainOptions.of(warehouse.toString()));
    double wall = (System.currentTimeMillis() - start) / 1000.0;

    var s = r.summary();
    assertTrue(s.get("cuts").toString().contains("no trial finished"), s.get("cuts").toString());
    // The first trial was cut off at the search's deadline: without the cut it runs for about a minute.
    List<Row> trials = SharedSpark.session().read().format("delta").load(warehouse.resolve("trials").toString())
        .select("trial_id", "status", "ended_at").collectAsList();
    Row first = trials.stream().filter(t -> "t0000".equals(t.getString(0))).findFirst().orElseThrow();
    assertEquals("cancelled", first.getString(1), trials.toString());
    double firstEnded = (first.getTimestamp(2).getTime() - start) / 1000.0;
    assertTrue(firstEnded <= 60, "the first trial ended " + firstEnded + "s after the start: " + s);
    // The whole run inside the budget (+10 %); the search's deadline leaves the later phases their estimates.
    assertTrue(wall <= 60 * 1.1, "wall " + wall + "s, summary " + s);
    assertEquals(0.0, s.get("overrun_seconds").asDouble(), s.toString());
    PipelineModel loaded = PipelineModel.load(r.modelPath());
    assertNotNull(loaded);
    assertEquals(200, loaded.transform(TestData.churn(200)).count());
  }
}
