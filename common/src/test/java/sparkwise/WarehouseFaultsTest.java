package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.config.ConfigLoader;
import sparkwise.config.ConfigOverrides;
import sparkwise.config.TrainConfig;
import sparkwise.data.InputInfo;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * Two runs writing one warehouse at once both complete with every row; a warehouse that stops
 * accepting writes mid-run ends the run with exit 6, keeps the finished trials, and the run can
 * be resumed once storage is back.
 */
class WarehouseFaultsTest {
  @TempDir static Path dir;
  static Dataset<Row> data;
  static final InputInfo INPUT = new InputInfo("/data/churn", "delta", 1L, "delta@1");

  @BeforeAll
  static void setUp() {
    data = TestData.churn(600).cache();
  }

  static TrainConfig config(int maxTrials) {
    return ConfigLoader.fromYaml("test", """
        label: churned
        budget: 5m
        final_fit: train
        seed: 3
        search: {max_trials: %d, parallelism: 1}
        models: {include: [logistic_regression]}
        ensemble: {enabled: false}
        """.formatted(maxTrials), ConfigOverrides.none());
  }

  private static Dataset<Row> table(Path warehouse, String name) {
    return SharedSpark.session().read().format("delta").load(warehouse.resolve(name).toString());
  }

  @Test
  void twoRunsInOneWarehouseAtOnceBothCompleteWithEveryRow() {
    SparkSession spark = SharedSpark.session();
    Path wh = dir.resolve("shared-warehouse");
    TrainConfig cfg = config(2);
    List<String> ids = List.of("left", "right");
    List<CompletableFuture<TrainResult>> runs = ids.stream()
        .map(id -> CompletableFuture.supplyAsync(() ->
            Sparkwise.train(spark, data, cfg, new TrainOptions(wh.toString(), id, INPUT, Progress.SILENT))))
        .toList();
    runs.forEach(CompletableFuture::join);
    assertEquals(2, table(wh, "runs").filter("status = 'completed'").count());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      // Every trial the run made is recorded once, whatever the other run committed meanwhile.
      com.fasterxml.jackson.databind.JsonNode summary = runs.get(i).join().summary();
      int made = summary.get("trials").asInt();
      long ranked = java.util.stream.StreamSupport.stream(summary.get("leaderboard").spliterator(), false)
          .filter(e -> !e.get("family").asText().startsWith("ensemble_")).count();
      assertTrue(ranked >= 1, id + " ranked no trial");
      assertEquals(made, table(wh, "trials").filter("run_id = '" + id + "'").count(), id + " trials");
      assertEquals(ranked, table(wh, "leaderboard").filter("run_id = '" + id + "' AND family NOT LIKE 'ensemble_%'")
          .count(), id + " leaderboard");
    }
  }

  @Test
  void storageLostMidRunIsExit6WithFinishedTrialsKeptAndResumable() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path wh = dir.resolve("failing-warehouse");
    Path trials = wh.resolve("trials");
    Path aside = dir.resolve("trials-aside");
    TrainConfig cfg = config(3);
    // After the first trial is recorded, the trials table's place stops being writable (a file is there).
    Progress sabotage = new Progress() {
      @Override
      public void phase(String message) { }

      @Override
      public void trial(String message) {
        try {
          if (Files.isDirectory(trials)) {
            Files.move(trials, aside);
            Files.writeString(trials, "not a folder");
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    SparkwiseException e = assertThrows(SparkwiseException.class,
        () -> Sparkwise.train(spark, data, cfg, new TrainOptions(wh.toString(), "lost", INPUT, sabotage)));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.StorageException.class, e, e.getMessage());
    assertTrue(e.getMessage().contains("trials"), e.getMessage());
    Row run = table(wh, "runs").filter("run_id = 'lost'").first();
    assertEquals("failed", run.getAs("status"));

    Files.delete(trials);
    Files.move(aside, trials);
    assertEquals(1, table(wh, "trials").filter("run_id = 'lost'").count(), "the finished trial is kept");
    TrainResult resumed = Sparkwise.train(spark, data, cfg,
        new TrainOptions(wh.toString(), "lost", INPUT, Progress.SILENT).resuming("lost"));
    assertEquals(3, table(wh, "trials").filter("run_id = 'lost'").count());
    assertEquals(3, resumed.summary().get("trials").asInt());
    assertEquals("completed", table(wh, "runs").filter("run_id = 'lost'").first().getAs("status"));
  }
}
