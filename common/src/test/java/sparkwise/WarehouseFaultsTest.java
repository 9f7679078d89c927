package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * A warehouse that stops accepting writes mid-run ends the run with exit 6, keeps the finished
 * trials, and the run can be resumed once storage is back. (Two runs into one warehouse at once
 * are raced as separate processes in spark-jobs' {@code ProcessRacesTest}.)
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
        models: {include: [xgboost]}
        ensemble: {enabled: false}
        """.formatted(maxTrials), ConfigOverrides.none());
  }

  private static Dataset<Row> table(Path warehouse, String name) {
    return SharedSpark.session().read().format("delta").load(warehouse.resolve(name).toString());
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
