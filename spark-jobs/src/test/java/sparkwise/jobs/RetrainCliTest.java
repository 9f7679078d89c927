package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.registry.AliasMove;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * The scheduled retraining step as a user runs it: {@code retrain --model NAME@champion} on new
 * data registers the candidate, compares it with the champion on the same holdout rows, keeps the
 * alias when the candidate does not win by the margin and moves it when it does; each decision is
 * a {@code retrain_decisions} row with both metrics, and the search starts from the champion's
 * configuration.
 */
class RetrainCliTest {
  @TempDir static Path dir;
  static String wh;
  static Path cfg;
  static Path csv;
  static ModelVersion champion;

  @BeforeAll
  static void trainAndPromoteAChampion() throws Exception {
    csv = TestData.churnCsv(dir, 500, "city");
    wh = dir.resolve("wh").toString();
    cfg = dir.resolve("job.yaml");
    Files.writeString(cfg, "search: {max_trials: 3, parallelism: 1}\nmodels: {include: [xgboost, xgboost_linear]}\n"
        + "ensemble: {enabled: false}\n");
    Cli t = Cli.run("train", "--data", csv.toString(), "--label", "churned", "--config", cfg.toString(), "--budget",
        "2m", "--seed", "3", "--warehouse", wh, "--register", "churn", "-q");
    assertEquals(0, t.code(), t.toString());
    assertEquals(0, Cli.run("models", "promote", "churn:1", "--alias", "champion", "--warehouse", wh).code());
    champion = new ModelRegistry(SharedSpark.session(), wh).require("churn", 1);
  }

  private static Cli retrain(String margin, String summary) {
    return Cli.run("retrain", "--model", "churn@champion", "--data", csv.toString(), "--config", cfg.toString(),
        "--budget", "2m", "--seed", "4", "--warehouse", wh, "--promote-if-better", margin, "--summary-json",
        dir.resolve(summary).toString(), "-q");
  }

  @Test
  void keepsTheChampionUnlessTheCandidateWinsByTheMarginAndRecordsEachDecision() throws Exception {
    // A margin no metric can clear: the candidate cannot win, the alias stays.
    Cli kept = retrain("1.5", "kept.json");
    assertEquals(0, kept.code(), kept.toString());
    assertTrue(kept.out().contains("kept: churn@champion unchanged"), kept.out());
    JsonNode s = new ObjectMapper().readTree(dir.resolve("kept.json").toFile());
    assertEquals("kept", s.at("/retrain/decision").asText());
    assertEquals(2, s.at("/retrain/candidate/version").asLong());
    assertEquals(1, s.at("/retrain/holder/version").asLong());
    assertTrue(s.at("/retrain/holder/holdout/roc_auc").isNumber(), s.toString());
    assertTrue(s.at("/warm_start/from").asText().contains("churn:1"), s.toString());
    Row first = SharedSpark.session().read().format("delta").load(wh + "/trials")
        .filter("run_id = '" + s.get("run_id").asText() + "' AND seq = 0").first();
    assertEquals(champion.bestModel() + " " + champion.paramsJson(), first.getAs("family") + " " + first.getAs("params_json"),
        "the first trial is the champion's configuration");
    assertEquals(1L, current());

    // A margin every candidate clears: the alias moves to the new version.
    Cli promoted = retrain("-1.5", "promoted.json");
    assertEquals(0, promoted.code(), promoted.toString());
    assertTrue(promoted.out().contains("promoted: churn@champion now points at v3"), promoted.out());
    assertEquals(3L, current());

    List<Row> decisions = SharedSpark.session().read().format("delta").load(wh + "/retrain_decisions")
        .orderBy("decided_at").collectAsList();
    assertEquals(List.of("kept", "promoted"), decisions.stream().map(r -> r.<String>getAs("decision")).toList());
    for (Row d : decisions) {
      assertEquals("roc_auc", d.getAs("metric"));
      assertTrue(d.getAs("candidate_metric") != null && d.getAs("holder_metric") != null, d.toString());
    }
    assertEquals(List.of(1L, 1L), decisions.stream().map(r -> r.<Long>getAs("holder_version")).toList());
    List<AliasMove> moves = new ModelRegistry(SharedSpark.session(), wh).moves("churn");
    assertEquals(List.of(1L, 3L), moves.stream().map(AliasMove::version).toList(), "the alias history: " + moves);
  }

  @Test
  void aModelFolderOrAVersionWithoutAliasCannotBePromoted() {
    Cli path = Cli.run("retrain", "--model", dir.resolve("wh/models/x").toString(), "--data", csv.toString(),
        "--warehouse", wh, "--budget", "30s");
    assertEquals(2, path.code(), path.toString());
    assertTrue(path.oneLineError() && path.err().contains("--model"), path.err());
    Cli noAlias = Cli.run("retrain", "--model", "churn:1", "--data", csv.toString(), "--warehouse", wh, "--budget",
        "30s", "--promote-if-better", "0.01");
    assertEquals(2, noAlias.code(), noAlias.toString());
    assertTrue(noAlias.err().contains("names no alias"), noAlias.err());
  }

  private static long current() {
    return new ModelRegistry(SharedSpark.session(), wh).currentAliases("churn").get("champion");
  }
}
