package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.features.SchemaGuard;
import sparkwise.testing.DatasetAssertions;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/** The Java API end to end: train, then read back what a user would. */
class SparkwiseTrainTest {
  @TempDir static Path warehouse;
  static TrainResult result;
  static Dataset<Row> data;

  @BeforeAll
  static void train() {
    data = TestData.churn(2500).cache();
    TrainConfig cfg = ConfigLoader.fromYaml("test", """
        label: churned
        budget: 3m
        seed: 3
        search: {max_trials: 4}
        models: {include: [logistic_regression, random_forest]}
        """, ConfigOverrides.none());
    result = Sparkwise.train(SharedSpark.session(), data, cfg, TrainOptions.of(warehouse.toString()));
  }

  @Test
  void theSummaryHasEveryContractKey() {
    var s = result.summary();
    for (String key : List.of("run_id", "task", "label", "rows", "columns", "metric", "holdout", "cv", "best_model",
        "leaderboard", "trials", "wall_seconds", "dropped_columns", "model_path", "report_path", "seed",
        "config_hash", "input")) {
      assertTrue(s.has(key), "summary lacks " + key);
    }
    assertEquals("binary", s.get("task").asText());
    for (String m : List.of("roc_auc", "pr_auc", "accuracy", "f1", "logloss")) {
      assertTrue(s.get("holdout").has(m), "holdout lacks " + m);
    }
    assertTrue(s.get("holdout").get("roc_auc").asDouble() > 0.8, s.get("holdout").toString());
    assertEquals(3, s.get("seed").asLong());
    assertTrue(s.get("leaderboard").size() >= 1);
    assertTrue(s.get("dropped_columns").toString().contains("retention_offer_sent"));
    var phases = s.get("phase_seconds");
    assertEquals(List.of("start", "profile", "plan", "search", "ensemble", "refit", "evaluate", "final_fit", "baseline",
        "save", "record", "report"), iterable(phases.fieldNames()), phases.toString());
    // The whole run inside its budget, with the estimates it planned by and what it cut, if anything.
    assertTrue(s.get("wall_seconds").asDouble() <= 180 * 1.25, s.toString()); // 1.25: two test JVMs share two cores
    assertEquals(180.0, s.get("budget_seconds").asDouble());
    // The promise: at most the budget plus 10 % (two test JVMs share two cores here).
    assertTrue(s.get("overrun_seconds").asDouble() <= 18.0, s.toString());
    assertTrue(s.get("phase_estimates").has("evaluate"), s.get("phase_estimates").toString());
    assertTrue(s.get("cuts").isArray());
    assertTrue(List.of("all", "train").contains(s.get("final_fit").asText()));
    phases.forEach(p -> assertTrue(p.asDouble() >= 0, phases.toString()));
    assertTrue(phases.get("search").asDouble() > 0, phases.toString());
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void theSavedModelLoadsWithPlainSparkAndPredictsTheSame() {
    PipelineModel loaded = PipelineModel.load(result.modelPath());
    assertTrue(loaded.stages()[0] instanceof SchemaGuard);
    Dataset<Row> sample = data.limit(200).cache();
    DatasetAssertions.assertSameRows(
        result.model().transform(sample).select("customer_id", "prediction", "probability", "predicted_label"),
        loaded.transform(sample).select("customer_id", "prediction", "probability", "predicted_label"),
        1e-9, "customer_id");
    // What score and evaluate load: the one-file snapshot beside the stages, read without a Spark job.
    var counted = sparkwise.testing.SparkJobs.count(() -> sparkwise.models.SavedModel.load(result.modelPath()));
    sparkwise.models.SavedModel saved = counted.value();
    assertEquals(0, counted.jobs(), "Spark jobs while loading the saved model");
    DatasetAssertions.assertSameRows(
        loaded.transform(sample).select("customer_id", "prediction", "probability", "predicted_label"),
        saved.pipeline().transform(sample).select("customer_id", "prediction", "probability", "predicted_label"),
        1e-9, "customer_id");
  }

  @Test
  void runsTrialsAndLeaderboardAreDeltaTables() {
    SparkSession spark = SharedSpark.session();
    Row run = spark.read().format("delta").load(warehouse.resolve("runs").toString())
        .filter("run_id = '" + result.runId() + "'").head();
    assertEquals("completed", run.getAs("status"));
    assertEquals(result.modelPath(), run.getAs("model_path"));
    assertEquals(result.summary().get("config_hash").asText(), run.getAs("config_hash"));
    long trials = spark.read().format("delta").load(warehouse.resolve("trials").toString())
        .filter("run_id = '" + result.runId() + "'").count();
    assertEquals(result.summary().get("trials").asLong(), trials);
    long distinctIds = spark.read().format("delta").load(warehouse.resolve("trials").toString())
        .select("trial_id").distinct().count();
    assertEquals(trials, distinctIds, "no duplicate trial ids");
    long board = spark.read().format("delta").load(warehouse.resolve("leaderboard").toString()).count();
    assertEquals(result.leaderboard().size(), board);
  }

  /**
   * What a scheduled job does after training, through the Java API: score a new table into a
   * Delta table and check it for drift, both recorded in the warehouse as the CLI records them.
   */
  @Test
  void theModelScoresAndMonitorsThroughTheApi() {
    SparkSession spark = SharedSpark.session();
    String input = warehouse.resolve("new-rows.parquet").toString();
    TestData.churn(300).write().parquet(input);
    String output = warehouse.resolve("scores").toString();
    String wh = warehouse.toString();

    ScoreResult scored = Sparkwise.score(spark, wh, result.modelPath(), input, output, false);

    assertEquals(300, scored.rows());
    assertEquals(300, spark.read().format("delta").load(output).filter("prediction IS NOT NULL").count());
    Row record = spark.read().format("delta").load(warehouse.resolve("scoring").toString()).head();
    assertEquals(output, record.getAs("output_path"));
    assertEquals(300L, (long) record.getAs("rows"));
    var again = org.junit.jupiter.api.Assertions.assertThrows(SparkwiseException.StorageException.class,
        () -> Sparkwise.score(spark, wh, result.modelPath(), input, output, false));
    assertTrue(again.getMessage().startsWith(output + ": already exists"), again.getMessage());
    assertTrue(!again.getMessage().contains("--"), "the library names no CLI option: " + again.getMessage());
    var badRef = org.junit.jupiter.api.Assertions.assertThrows(SparkwiseException.ConfigException.class,
        () -> Sparkwise.score(spark, wh, result.modelPath(), "table:not a name", output + "2", false));
    assertEquals(java.util.Optional.of(Parameter.DATA), badRef.parameter(), badRef.getMessage());

    TrainConfig.Monitoring thresholds = ConfigLoader.fromYaml("t", "label: churned", ConfigOverrides.none()).monitoring();
    MonitorResult m = Sparkwise.monitor(spark, wh, result.modelPath(), input, "churned", thresholds);

    assertEquals(300, m.rows());
    assertTrue(m.checks().stream().anyMatch(c -> c.check().startsWith("metric:")), m.checks().toString());
    assertTrue(m.checks().size() > 5, m.checks().toString());
    assertEquals(m.checks().size(), spark.read().format("delta").load(warehouse.resolve("monitoring").toString())
        .filter("monitor_id = '" + m.id() + "'").count());
  }
}
