package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import sparkwise.data.PausePoints;

/**
 * Races between real processes, each held at the step where it would commit until all of them
 * have reached theirs (so they provably overlap), then let go together: two {@code train} runs
 * into one fresh warehouse; two {@code models promote} and a {@code models rollback} on one alias;
 * {@code score NAME@champion} while a promotion moves the alias; two {@code retrain} runs that
 * would both promote their candidate.
 */
class ProcessRacesTest {
  static final String NAME = "raced";
  @TempDir static Path dir;
  static Path csv;
  static Path wh;
  static List<ModelVersion> versions = new ArrayList<>();

  /** One trained, registered model and two more versions of it in other folders. */
  @BeforeAll
  static void registerThreeVersions() throws Exception {
    csv = TestData.churnCsv(dir, 400, "city"); // no 400-level column to target-encode: faster runs
    wh = dir.resolve("registry-wh");
    Path cfg = dir.resolve("one.yaml");
    Files.writeString(cfg, "search: {max_trials: 1}\nmodels: {include: [xgboost]}\nensemble: {enabled: false}\n");
    Cli r = Cli.run("train", "--data", csv.toString(), "--label", "churned", "--config", cfg.toString(), "--budget",
        "2m", "--warehouse", wh.toString(), "--register", NAME);
    assertEquals(0, r.code(), r.toString());
    ModelRegistry registry = new ModelRegistry(SharedSpark.session(), wh.toString());
    ModelVersion v1 = registry.require(NAME, 1);
    versions.add(v1);
    for (int v = 2; v <= 3; v++) {
      Path copy = dir.resolve("copies/v" + v);
      WarehouseSnapshot.copyTree(Path.of(java.net.URI.create(v1.modelPath())), copy);
      versions.add(registry.register(NAME, new ModelVersion(NAME, 0, null, null, "copy-" + v, copy.toUri().toString(),
          v1.task(), v1.label(), v1.metric(), v1.cvMean(), v1.holdoutJson(), v1.bestModel(), v1.paramsJson(),
          v1.features(), v1.inputPath(), v1.inputFormat(), v1.inputDeltaVersion(), v1.configHash(), v1.seed(),
          v1.sparkwiseVersion(), v1.sparkVersion(), v1.javaVersion(), v1.tags())));
    }
  }

  @Test
  void twoTrainRunsIntoOneFreshWarehouseBothCompleteWithEveryRow() throws Exception {
    Path fresh = dir.resolve("fresh-wh");
    Path cfg = dir.resolve("two.yaml");
    Files.writeString(cfg, "search: {max_trials: 3, parallelism: 1}\nmodels: {include: [xgboost]}\n");
    Path release = dir.resolve("release-train");
    List<CliProcess> runs = new ArrayList<>();
    for (String id : List.of("left", "right")) {
      runs.add(CliProcess.start(dir, "train-" + id, PausePoints.TRIAL_COMMIT, release, "train", "--data",
          csv.toString(), "--label", "churned", "--config", cfg.toString(), "--budget", "3m", "--warehouse",
          fresh.toString(), "--run-id", id, "--summary-json", dir.resolve(id + ".json").toString()));
    }
    letGoTogether(runs, PausePoints.TRIAL_COMMIT, release);
    for (CliProcess p : runs) {
      assertEquals(0, p.await(300), p.toString());
    }
    Dataset<Row> trials = table(fresh, "trials");
    for (String id : List.of("left", "right")) {
      var summary = new ObjectMapper().readTree(dir.resolve(id + ".json").toFile());
      assertEquals(summary.get("trials").asLong(), trials.filter("run_id = '" + id + "'").count(), id + " trials");
      assertEquals(summary.get("leaderboard").size(), table(fresh, "leaderboard").filter("run_id = '" + id + "'").count(),
          id + " leaderboard");
      assertTrue(Files.exists(fresh.resolve("models/" + id + "/sparkwise-summary.json")), id + " model");
    }
    assertEquals(2, table(fresh, "runs").filter("status = 'completed'").count());
  }

  @Test
  void twoPromotionsAndARollbackOnOneAliasLeaveAnIntactHistory() throws Exception {
    assertEquals(0, Cli.run("models", "promote", NAME + ":1", "--alias", "race", "--warehouse", wh.toString()).code());
    assertEquals(0, Cli.run("models", "promote", NAME + ":2", "--alias", "race", "--warehouse", wh.toString()).code());
    Path release = dir.resolve("release-alias");
    List<CliProcess> moves = List.of(
        CliProcess.start(dir, "promote-3", PausePoints.ALIAS_COMMIT, release, "models", "promote", NAME + ":3",
            "--alias", "race", "--warehouse", wh.toString()),
        CliProcess.start(dir, "promote-1", PausePoints.ALIAS_COMMIT, release, "models", "promote", NAME + ":1",
            "--alias", "race", "--warehouse", wh.toString()),
        CliProcess.start(dir, "rollback", PausePoints.ALIAS_COMMIT, release, "models", "rollback", NAME,
            "--alias", "race", "--warehouse", wh.toString()));
    letGoTogether(moves, PausePoints.ALIAS_COMMIT, release);
    for (CliProcess p : moves) {
      assertEquals(0, p.await(300), p.toString());
    }
    List<Row> history = table(wh, "aliases").filter("name = '" + NAME + "' AND alias = 'race'").orderBy("seq")
        .collectAsList();
    // Each racer re-reads the alias after losing a commit: "promote 1" finds nothing to do when the
    // rollback has just moved the alias to v1, so three racers make two or three moves.
    assertTrue(history.size() == 4 || history.size() == 5, "two moves before, three racing: " + history);
    long unchanged = moves.stream().filter(p -> !p.output().contains("(move ")).count();
    assertEquals(5 - history.size(), unchanged, "a racer that moved nothing says so: " + moves);
    List<Long> stack = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Row m = history.get(i);
      assertEquals(i + 1L, m.<Long>getAs("seq"), "moves numbered without gaps or repeats: " + history);
      Long previous = m.getAs("previous_version");
      assertEquals(stack.isEmpty() ? null : stack.get(stack.size() - 1), previous,
          "each move starts from the alias's version just before it: " + history);
      if (m.getAs("action").equals("rollback")) {
        stack.remove(stack.size() - 1);
        assertEquals(stack.get(stack.size() - 1), m.<Long>getAs("version"), "a rollback returns to the version before");
      } else {
        stack.add(m.getAs("version"));
      }
    }
    Cli current = Cli.run("models", "history", NAME, "--warehouse", wh.toString());
    assertEquals(0, current.code(), current.toString());
  }

  @Test
  void scoringWhileThePromotionMovesTheAliasRecordsTheVersionItUsed() throws Exception {
    assertEquals(0, Cli.run("models", "promote", NAME + ":1", "--alias", "live", "--warehouse", wh.toString()).code());
    Path release = dir.resolve("release-score");
    Path out = dir.resolve("scored-during-promotion");
    CliProcess score = CliProcess.start(dir, "score", PausePoints.SCORE, release, "score", "--model", NAME + "@live",
        "--data", csv.toString(), "--output", out.toString(), "--warehouse", wh.toString());
    score.awaitPause(PausePoints.SCORE, 240);
    CliProcess promote = CliProcess.start(dir, "promote-live", null, null, "models", "promote", NAME + ":2", "--alias",
        "live", "--warehouse", wh.toString());
    assertEquals(0, promote.await(300), promote.toString());
    Files.writeString(release, "go");
    assertEquals(0, score.await(300), score.toString());
    assertTrue(score.startedAt < promote.startedAt && promote.endedAt() < score.endedAt(), "the processes overlapped");
    Row used = table(wh, "scoring").filter("output_path = '" + out + "'").first();
    assertEquals(1L, used.<Long>getAs("model_version"), "the version resolved when scoring began");
    assertEquals(versions.get(0).modelPath(), used.getAs("model_path"));
    assertEquals(List.of(1L), SharedSpark.session().read().format("delta").load(out.toString())
        .select("model_version").distinct().as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
  }

  /** Waits until every process has paused at {@code point} (all alive at once), then releases them. */
  @Test
  void twoRetrainsOnOneAliasOnePromotesAndTheOtherReportsTheConflict() throws Exception {
    assertEquals(0, Cli.run("models", "promote", NAME + ":1", "--alias", "nightly", "--warehouse", wh.toString()).code());
    Path cfg = dir.resolve("retrain.yaml");
    Files.writeString(cfg, "search: {max_trials: 2, parallelism: 1}\nmodels: {include: [xgboost]}\nensemble: {enabled: false}\n");
    Path release = dir.resolve("release-retrain");
    List<CliProcess> runs = new ArrayList<>();
    for (String id : List.of("retrain-a", "retrain-b")) { // a margin of -1: each would promote its candidate
      runs.add(CliProcess.start(dir, id, PausePoints.ALIAS_COMMIT, release, "retrain", "--model", NAME + "@nightly",
          "--data", csv.toString(), "--config", cfg.toString(), "--budget", "2m", "--warehouse", wh.toString(),
          "--run-id", id, "--promote-if-better", "-1"));
    }
    letGoTogether(runs, PausePoints.ALIAS_COMMIT, release);
    List<Integer> codes = new ArrayList<>();
    for (CliProcess p : runs) {
      codes.add(p.await(300));
    }
    assertEquals(List.of(0, 4), codes.stream().sorted().toList(), runs.toString());
    CliProcess lost = runs.get(codes.indexOf(4));
    assertTrue(lost.output().contains("not v1 that"), lost.output());
    List<Row> decisions = table(wh, "retrain_decisions").orderBy("decision").collectAsList();
    assertEquals(List.of("conflict", "promoted"), decisions.stream().map(r -> r.<String>getAs("decision")).toList());
    for (Row d : decisions) {
      assertEquals(1L, d.<Long>getAs("holder_version"));
      assertTrue(d.getAs("candidate_metric") != null && d.getAs("holder_metric") != null, d.toString());
    }
    long winner = decisions.get(1).getAs("candidate_version");
    var moves = new ModelRegistry(SharedSpark.session(), wh.toString()).moves(NAME).stream()
        .filter(m -> m.alias().equals("nightly")).toList();
    assertEquals(2, moves.size(), "one promotion by hand, one by the winning retrain: " + moves);
    assertEquals(winner, moves.get(1).version());
    assertEquals(1L, moves.get(1).previousVersion());
  }

  private static void letGoTogether(List<CliProcess> processes, String point, Path release) throws Exception {
    for (CliProcess p : processes) {
      p.awaitPause(point, 240);
    }
    Files.writeString(release, "go");
  }

  private static Dataset<Row> table(Path warehouse, String name) {
    return SharedSpark.session().read().format("delta").load(warehouse.resolve(name).toString());
  }
}
