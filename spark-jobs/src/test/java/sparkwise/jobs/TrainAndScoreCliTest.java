package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/** `train`, `score`, `evaluate` and `profile` on real files, as a user runs them. */
class TrainAndScoreCliTest {
  @TempDir static Path dir;
  static Path csv;
  static Path warehouse;
  static JsonNode summary;
  static List<JsonNode> progress;

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("a progress line that is not JSON: " + line, e);
    }
  }

  @Test
  void progressInJsonHasPhasesAndTrialsWithTheBudget() {
    assertTrue(progress.stream().anyMatch(n -> n.path("event").asText().equals("phase")
        && n.path("message").asText().startsWith("searching")), progress.toString());
    List<JsonNode> trials = progress.stream().filter(n -> n.path("event").asText().equals("trial")).toList();
    assertFalse(trials.isEmpty(), progress.toString());
    for (JsonNode t : trials) {
      for (String k : List.of("ts", "elapsed_s", "trial", "family", "status", "done", "planned", "budget_remaining_s")) {
        assertTrue(t.has(k), k + " missing in " + t);
      }
    }
    assertEquals(4, trials.get(0).path("planned").asInt(), "max_trials is the plan");
    assertEquals(trials.size(), trials.get(trials.size() - 1).path("done").asInt());
  }

  @Test
  void theReportIsOneSelfContainedHtmlFileWithPlots() throws Exception {
    Path report = Path.of(summary.get("report_path").asText().replace("file:", ""));
    assertTrue(report.startsWith(warehouse), "the report lives under the warehouse: " + report);
    String html = Files.readString(report);
    for (String part : List.of("<svg", "Leaderboard", "Search trace", "ROC curve", "Precision–recall curve",
        "Confusion matrix", "Feature importance", "Data profile", "Lineage", "cli-run", "Ensemble")) {
      assertTrue(html.contains(part), "the report lacks " + part);
    }
    assertFalse(html.contains("<script"), "no scripts");
    assertEquals(0, html.replace("http://www.w3.org/2000/svg", "").split("https?://", -1).length - 1,
        "nothing loaded from the network");
    assertFalse(html.matches("(?s).*\\s(src|href)=.*"), "no external resources");
    assertTrue(html.contains("retention_offer_sent"), "dropped columns are listed");
  }

  @Test
  void reportCommandRewritesTheReport() throws Exception {
    Path report = Path.of(summary.get("report_path").asText().replace("file:", ""));
    String before = Files.readString(report);
    Files.delete(report);
    Cli r = Cli.run("report", "--run", "cli-run", "--warehouse", warehouse.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().trim().endsWith("cli-run.html"), r.out());
    assertEquals(before.length(), Files.readString(report).length(), "the same report again");
    Cli missing = Cli.run("report", "--run", "no-such-run", "--warehouse", warehouse.toString());
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("no-such-run") && missing.oneLineError(), missing.toString());
  }

  @Test
  void theReportRendersInHeadlessChromium() throws Exception {
    Path report = Path.of(summary.get("report_path").asText().replace("file:", ""));
    Chromium.Rendered page = Chromium.render(report, dir.resolve("report.png"));
    for (String part : List.of("Leaderboard", "ROC curve", "Confusion matrix", "Lineage")) {
      assertTrue(page.dom().contains(part), "the rendered DOM lacks " + part);
    }
    assertTrue(page.dom().contains("<svg"), "inline SVG in the DOM");
    assertTrue(page.screenshotBytes() > 30_000, "a screenshot with content: " + page.screenshotBytes() + " bytes");
  }

  @BeforeAll
  static void train() throws Exception {
    csv = TestData.churnCsv(dir, 2500);
    warehouse = dir.resolve("wh");
    Path config = dir.resolve("job.yaml");
    Files.writeString(config, """
        search:
          max_trials: 4
        models:
          include: [logistic_regression, random_forest]
        """);
    Path summaryFile = dir.resolve("out/summary.json");
    Cli r = Cli.run("train", "--data", csv.toString(), "--label", "churned", "--config", config.toString(),
        "--budget", "5m", "--seed", "7", "--warehouse", warehouse.toString(), "--run-id", "cli-run",
        "--summary-json", summaryFile.toString(), "--log-format", "json");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("model:"), r.out());
    assertTrue(r.err().contains("searching"), "progress goes to stderr: " + r.err());
    progress = r.err().lines().filter(l -> !l.isBlank()).map(TrainAndScoreCliTest::json).toList();
    summary = new ObjectMapper().readTree(summaryFile.toFile());
  }

  @Test
  void summaryJsonFollowsTheContract() {
    assertEquals("cli-run", summary.get("run_id").asText());
    assertEquals("binary", summary.get("task").asText());
    assertEquals("churned", summary.get("label").asText());
    assertEquals(2500, summary.get("rows").asLong());
    assertEquals("roc_auc", summary.get("metric").asText());
    assertEquals(7, summary.get("seed").asLong());
    assertEquals("csv", summary.get("input").get("format").asText());
    assertTrue(summary.get("input").has("delta_version"));
    boolean ensembled = false;
    for (JsonNode e : summary.get("leaderboard")) {
      ensembled |= e.get("family").asText().startsWith("ensemble_") && e.get("params").get("members").asText()
          .contains(",");
    }
    assertTrue(ensembled, "the leaderboard holds an ensemble with its members: " + summary.get("leaderboard"));
    JsonNode first = summary.get("leaderboard").get(0);
    for (String k : List.of("rank", "model", "family", "params", "cv_metric", "fit_seconds")) {
      assertTrue(first.has(k), "leaderboard entry lacks " + k);
    }
    assertTrue(summary.get("cv").has("mean") && summary.get("cv").has("std"));
    assertTrue(summary.get("holdout").get("roc_auc").asDouble() > 0.8);
    assertTrue(Files.isDirectory(Path.of(summary.get("model_path").asText().replace("file:", ""))));
  }

  @Test
  void scoreWritesDeltaWithPredictionsInTheLabelsOwnValues() {
    Path out = dir.resolve("scores");
    Cli r = Cli.run("score", "--model", summary.get("model_path").asText(), "--data", csv.toString(),
        "--output", out.toString(), "--warehouse", warehouse.toString());
    assertEquals(0, r.code(), r.toString());
    Dataset<Row> scores = SharedSpark.session().read().format("delta").load(out.toString());
    assertEquals(2500, scores.count());
    assertTrue(List.of(scores.columns()).containsAll(List.of("customer_id", "churned", "prediction", "probability")));
    assertEquals(0, scores.filter("prediction NOT IN ('yes', 'no')").count());
    assertEquals(0, scores.filter("size(probability) != 2").count());

    Cli again = Cli.run("score", "--model", summary.get("model_path").asText(), "--data", csv.toString(),
        "--output", out.toString(), "--warehouse", warehouse.toString());
    assertEquals(6, again.code(), again.toString());
    assertTrue(again.err().contains("already exists"), again.err());
    assertEquals(0, Cli.run("score", "--model", summary.get("model_path").asText(), "--data", csv.toString(),
        "--output", out.toString(), "--mode", "overwrite", "--warehouse", warehouse.toString()).code());
  }

  @Test
  void aTableScoredBeforeIsScoredAgainWithItsPredictionsReplaced() {
    Path first = dir.resolve("scored-once");
    Path second = dir.resolve("scored-twice");
    String model = summary.get("model_path").asText();
    assertEquals(0, Cli.run("score", "--model", model, "--data", csv.toString(), "--output", first.toString(),
        "--warehouse", warehouse.toString()).code());
    Cli again = Cli.run("score", "--model", model, "--data", first.toString(), "--output", second.toString(),
        "--warehouse", warehouse.toString());
    assertEquals(0, again.code(), again.toString());
    Dataset<Row> once = SharedSpark.session().read().format("delta").load(first.toString());
    Dataset<Row> twice = SharedSpark.session().read().format("delta").load(second.toString());
    assertEquals(List.of(once.columns()), List.of(twice.columns()));
    assertEquals(0, once.select("customer_id", "prediction", "probability")
        .except(twice.select("customer_id", "prediction", "probability")).count());
  }

  @Test
  void scoringATableWithoutATrainingColumnExits3AndWritesNothing() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path lacking = dir.resolve("lacking.parquet");
    spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString())
        .drop("tenure_months").write().parquet(lacking.toString());
    Path out = dir.resolve("never");
    Cli r = Cli.run("score", "--model", summary.get("model_path").asText(), "--data", lacking.toString(),
        "--output", out.toString(), "--warehouse", warehouse.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("column 'tenure_months': not found"), r.err());
    assertTrue(r.oneLineError(), r.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void theModelFolderIsAPlainPipelineModel() {
    PipelineModel m = PipelineModel.load(summary.get("model_path").asText());
    Dataset<Row> in = SharedSpark.session().read().option("header", "true").option("inferSchema", "true")
        .csv(csv.toString()).limit(50);
    assertEquals(50, m.transform(in).select("prediction", "probability").count());
  }

  @Test
  void evaluateGivesTheHoldoutKeys() throws Exception {
    Path metrics = dir.resolve("metrics.json");
    Cli r = Cli.run("evaluate", "--model", summary.get("model_path").asText(), "--data", csv.toString(),
        "--label", "churned", "--metrics-json", metrics.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode m = new ObjectMapper().readTree(metrics.toFile());
    for (String k : List.of("roc_auc", "pr_auc", "accuracy", "f1", "logloss")) {
      assertTrue(m.has(k), k);
    }
    Cli missing = Cli.run("evaluate", "--model", summary.get("model_path").asText(), "--data", csv.toString(),
        "--label", "no_such_label");
    assertEquals(3, missing.code(), missing.toString());
    assertTrue(missing.err().contains("no_such_label"));
  }

  @Test
  void evaluateRefusesWhatItCannotScoreWithItsExitCodes() throws Exception {
    String model = summary.get("model_path").asText();
    // A class the model never saw: exit 3 naming the label and the value, not metrics over the other rows.
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
    int labelAt = List.of(lines.get(0).split(",")).indexOf("churned");
    String[] row = lines.get(1).split(",", -1);
    row[labelAt] = "maybe";
    lines.add(String.join(",", row));
    Path extra = dir.resolve("new-class.csv");
    Files.write(extra, lines);
    Cli unseen = Cli.run("evaluate", "--model", model, "--data", extra.toString(), "--label", "churned");
    assertEquals(3, unseen.code(), unseen.toString());
    assertTrue(unseen.err().contains("churned") && unseen.err().contains("'maybe' (1 rows)"), unseen.err());
    // Not a model: exit 3 naming the path. A required option left out: exit 2 naming it.
    Cli notModel = Cli.run("evaluate", "--model", dir.toString(), "--data", csv.toString(), "--label", "churned");
    assertEquals(3, notModel.code(), notModel.toString());
    assertTrue(notModel.err().contains(dir.toString()), notModel.err());
    Cli noLabel = Cli.run("evaluate", "--model", model, "--data", csv.toString());
    assertEquals(2, noLabel.code(), noLabel.toString());
    assertTrue(noLabel.err().contains("--label"), noLabel.err());
    // The metrics file cannot be written: exit 6 naming it.
    Path blocked = dir.resolve("a-file");
    Files.writeString(blocked, "x");
    Cli unwritable = Cli.run("evaluate", "--model", model, "--data", csv.toString(), "--label", "churned",
        "--metrics-json", blocked.resolve("m.json").toString());
    assertEquals(6, unwritable.code(), unwritable.toString());
    assertTrue(unwritable.err().contains("m.json"), unwritable.err());
  }

  @Test
  void runsAndTrialsTablesRecordTheRun() {
    SparkSession spark = SharedSpark.session();
    Row run = spark.read().format("delta").load(warehouse.resolve("runs").toString()).filter("run_id = 'cli-run'").head();
    assertEquals("completed", run.getAs("status"));
    assertTrue(((String) run.getAs("input_path")).endsWith("churn.csv"));
    assertEquals(summary.get("trials").asLong(),
        spark.read().format("delta").load(warehouse.resolve("trials").toString()).filter("run_id = 'cli-run'").count());
  }

  @Test
  void reusingARunIdIsRefused() {
    Cli r = Cli.run("train", "--data", csv.toString(), "--label", "churned", "--warehouse", warehouse.toString(),
        "--run-id", "cli-run", "--budget", "10s");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--run-id"), r.err());
  }

  @Test
  void profilePrintsKindsAndDecisions() {
    Cli r = Cli.run("profile", "--data", csv.toString(), "--label", "churned");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("task: binary"), r.out());
    assertTrue(r.out().matches("(?s).*signup_date\\s+date.*"), r.out());
    assertTrue(r.out().matches("(?s).*customer_id.*DROP: row ID.*"), r.out());
  }
}
