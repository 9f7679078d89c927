package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;
import sparkwise.data.PausePoints;

/**
 * The crash harness: one {@code train --register} run, started as its own process and killed
 * with SIGKILL at a different point of its life each time (profile, a running trial, a trial
 * commit, the ensemble, the model save, the registry commit, the final {@code runs} MERGE), then
 * resumed. After every kill: no finished trial lost, changed or duplicated, one {@code runs} row,
 * the model folder loadable whole or absent, at most one registry version of the run. The last
 * resume completes the run (leaderboard, registry and runs agree with the summary), and resuming
 * the completed run changes nothing.
 */
class CrashAndResumeTest {
  static final String RUN = "crashy";
  static final String NAME = "crash_model";
  static final List<String> KILL_POINTS = List.of(PausePoints.PROFILE, PausePoints.TRIAL, PausePoints.TRIAL_COMMIT,
      PausePoints.ENSEMBLE, PausePoints.MODEL_SAVE, PausePoints.REGISTRY_COMMIT, PausePoints.RUN_COMMIT);

  @TempDir Path dir;

  @Test
  void killedAtEveryPointTheRunResumesToOneConsistentResult() throws Exception {
    // Without city: its out-of-fold target encoding tripled every attempt's fold preparation.
    Path data = TestData.churnCsv(dir, 600, "city");
    Path cfg = dir.resolve("run.yaml");
    Files.writeString(cfg, "search: {max_trials: 6, parallelism: 1}\nmodels: {include: [xgboost]}\n"
        + "ensemble: {max_members: 2}\nfinal_fit: train\n");
    Path wh = dir.resolve("wh");
    Map<String, Double> trialsSeen = new HashMap<>();
    List<String> report = new ArrayList<>();
    for (int i = 0; i < KILL_POINTS.size(); i++) {
      String point = KILL_POINTS.get(i);
      CliProcess p = CliProcess.start(dir, "attempt-" + i, point, null, args(data, cfg, wh, i > 0));
      try {
        p.awaitPause(point, 240);
        if (point.equals(PausePoints.TRIAL)) {
          awaitTrialRecorded(wh); // the paused process's writer commits the trial before; the kill comes mid-trial
        }
      } finally {
        p.kill();
      }
      int trials = checkInvariants(wh, trialsSeen, point);
      report.add(String.format("killed at %-16s after %3ds -> %d trials kept, model folder %s", point,
          (p.endedAt() - p.startedAt) / 1000, trials, Files.exists(wh.resolve("models/" + RUN)) ? "whole" : "absent"));
    }
    Path summaryFile = dir.resolve("summary.json");
    List<String> last = new ArrayList<>(List.of(args(data, cfg, wh, true)));
    last.addAll(List.of("--summary-json", summaryFile.toString()));
    CliProcess done = CliProcess.start(dir, "final", null, null, last.toArray(String[]::new));
    assertEquals(0, done.await(300), done.toString());
    checkInvariants(wh, trialsSeen, "the final resume");
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    checkCompleted(wh, summary);

    WarehouseSnapshot completed = WarehouseSnapshot.of(wh);
    Cli again = Cli.run(args(data, cfg, wh, true)); // in this JVM: nothing of the crashes is left to matter
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.err().contains("already completed"), again.toString());
    completed.assertUnchanged("resuming a completed run");
    report.forEach(System.out::println);
    System.out.println("invariants after each kill: trials kept unchanged and unique, one runs row, model folder whole"
        + " or absent, at most one registry version; at the end: completed, leaderboard = summary, one version");
  }

  private static String[] args(Path data, Path cfg, Path wh, boolean resume) {
    List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label", "churned", "--config",
        cfg.toString(), "--budget", "5m", "--seed", "5", "--warehouse", wh.toString(), "--register", NAME));
    a.addAll(resume ? List.of("--resume", RUN) : List.of("--run-id", RUN));
    return a.toArray(String[]::new);
  }

  private static void awaitTrialRecorded(Path wh) throws InterruptedException {
    long until = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < until) {
      if (hasTable(wh, "trials")
          && table(wh, "trials").filter("run_id = '" + RUN + "'").count() > 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no trial recorded while paused mid-trial");
  }

  /** A table with its first commit (a kill can leave a bare _delta_log folder). */
  private static boolean hasTable(Path wh, String name) {
    return Files.exists(wh.resolve(name + "/_delta_log/00000000000000000000.json"));
  }

  private static Dataset<Row> table(Path wh, String name) {
    return SharedSpark.session().read().format("delta").load(wh.resolve(name).toString());
  }

  /** The invariants that hold after any kill; returns how many trials the run has kept. */
  private static int checkInvariants(Path wh, Map<String, Double> seen, String after) {
    String at = "after a kill at " + after + ": ";
    if (hasTable(wh, "runs")) {
      assertEquals(1, table(wh, "runs").filter("run_id = '" + RUN + "'").count(), at + "one runs row");
    }
    int kept = 0;
    if (hasTable(wh, "trials")) {
      List<Row> trials = table(wh, "trials").filter("run_id = '" + RUN + "'").collectAsList();
      Map<String, Double> now = new HashMap<>();
      for (Row t : trials) {
        String id = t.getAs("trial_id");
        Double mean = t.getAs("mean");
        assertTrue(now.put(id, mean == null ? Double.NaN : mean) == null, at + "trial " + id + " recorded twice");
      }
      seen.forEach((id, mean) -> {
        assertTrue(now.containsKey(id), at + "finished trial " + id + " lost");
        assertEquals(mean, now.get(id), 0.0, at + "trial " + id + " changed");
      });
      seen.putAll(now);
      kept = now.size();
    }
    Path model = wh.resolve("models/" + RUN);
    if (Files.exists(model)) {
      PipelineModel.load(model.toString()); // whole: plain Spark loads it
      assertTrue(Files.exists(model.resolve("sparkwise-summary.json")), at + "model folder without its summary");
    }
    if (hasTable(wh, "models")) {
      long versions = table(wh, "models").filter("name = '" + NAME + "' AND run_id = '" + RUN + "'").count();
      assertTrue(versions <= 1, at + versions + " registry versions of one run");
    }
    return kept;
  }

  private static void checkCompleted(Path wh, JsonNode summary) {
    Row run = table(wh, "runs").filter("run_id = '" + RUN + "'").first();
    assertEquals("completed", run.getAs("status"));
    assertEquals(summary.get("trials").asLong(), table(wh, "trials").filter("run_id = '" + RUN + "'").count(),
        "trials = summary");
    Dataset<Row> lb = table(wh, "leaderboard").filter("run_id = '" + RUN + "'");
    assertEquals(summary.get("leaderboard").size(), lb.count(), "leaderboard = summary");
    assertEquals(lb.count(), lb.select("rank").distinct().count(), "leaderboard ranks unique");
    List<Row> versions = table(wh, "models").filter("name = '" + NAME + "'").collectAsList();
    assertEquals(1, versions.size(), "one registry version");
    assertEquals(RUN, versions.get(0).getAs("run_id"));
    assertTrue(versions.get(0).<String>getAs("model_path").endsWith("models/" + RUN), versions.toString());
    assertEquals(1L, summary.get("registered").get("version").asLong(), summary.toString());
    PipelineModel.load(summary.get("model_path").asText());
  }
}
