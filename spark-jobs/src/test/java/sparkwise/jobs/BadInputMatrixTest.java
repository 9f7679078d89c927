package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/**
 * The bad-input matrix: every kind of messy or wrong input a user hands over ends with the
 * documented exit code, one line naming the field, column or path (no stack trace), and no
 * partial Delta commit: each failing case runs on its own copy of a warehouse that already holds a
 * trained run, and afterwards every file in it (and in any output it named) is byte-for-byte the
 * same, with nothing added but a failed run's record. Messy but usable tables train, with each
 * decision explained.
 */
class BadInputMatrixTest {
  @TempDir static Path dir;
  static Path warehouse;
  static Path messy;
  static Cli trained;
  static JsonNode summary;
  static String modelPath;

  /** 600 rows: odd column names, junk in numbers stored as text, NaN/±Inf, nulls, constants, an ID. */
  static String messyCsv(int rows, long seed, boolean shifted) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder(
        "row_id,customer age,plan.type,\"we`ird\",größe,amount_text,all_null,constant,ratio,city,y\n");
    String[] plans = {"basic", "plus", "pro"};
    for (int i = 0; i < rows; i++) {
      int age = 18 + r.nextInt(60);
      String plan = shifted && i % 7 == 0 ? "platinum" : plans[r.nextInt(3)];
      double amount = Math.round(r.nextDouble() * 1000) / 10.0;
      String amountText = i % 37 == 0 ? "n/a" : i % 41 == 0 ? "12.5x" : Double.toString(amount);
      String ratio = switch (i % 29) {
        case 0 -> "NaN";
        case 1 -> "Infinity";
        case 2 -> "-Infinity";
        default -> Double.toString(r.nextGaussian());
      };
      double score = (age - 45) / 10.0 + (plan.equals("pro") ? 1.5 : 0) + amount / 50.0 + r.nextGaussian();
      String label = i % 53 == 0 ? "" : score > 1 ? "yes" : "no";
      b.append(i).append(',').append(age).append(',').append(plan).append(',').append(r.nextInt(5)).append(',')
          .append(150 + r.nextInt(50)).append(',').append(amountText).append(",,same,").append(ratio).append(",city_")
          .append(r.nextInt(rows / 3)).append(',').append(label).append('\n');
    }
    return b.toString();
  }

  @BeforeAll
  static void trainOnMessyTable() throws Exception {
    warehouse = dir.resolve("wh");
    messy = dir.resolve("messy.csv");
    Files.writeString(messy, messyCsv(600, 3, false));
    Path cfg = dir.resolve("quick.yaml");
    Files.writeString(cfg, "search: {max_trials: 2}\nmodels: {include: [logistic_regression]}\n");
    Path out = dir.resolve("messy-summary.json");
    // Two trials end the run long before the budget; the budget only has to leave room for both
    // on a loaded CI machine (at 90 s the holdout AUC came out at 0.74 there; alone it is above 0.75).
    trained = Cli.run("train", "--data", messy.toString(), "--label", "y", "--config", cfg.toString(), "--budget",
        "3m", "--warehouse", warehouse.toString(), "--run-id", "messy", "--summary-json", out.toString());
    assertEquals(0, trained.code(), trained.toString());
    summary = new ObjectMapper().readTree(out.toFile());
    modelPath = summary.get("model_path").asText();
  }

  private static Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static final java.util.concurrent.atomic.AtomicInteger CASES = new java.util.concurrent.atomic.AtomicInteger();

  /** One failing case, on its own copy of the trained warehouse; {@code outputs} are snapshotted too. */
  private static final class Case {
    final WarehouseSnapshot before;

    Case(Path... outputs) {
      before = WarehouseSnapshot.copyOf(warehouse, dir.resolve("case-" + CASES.incrementAndGet()), outputs);
    }

    Path wh() {
      return before.warehouse();
    }

    Cli train(Path data, String label, String... more) {
      List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--label", label, "--budget",
          "60s"));
      args.addAll(List.of(more));
      return cli(args.toArray(String[]::new));
    }

    /** The command with this case's warehouse. */
    Cli cli(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--warehouse", wh().toString()));
      return Cli.run(all.toArray(String[]::new));
    }

    /** {@link BadInputMatrixTest#fails}, and nothing committed. */
    void fails(Cli r, int code, String... parts) {
      BadInputMatrixTest.fails(r, code, parts);
      before.assertNothingCommitted(String.join(" ", parts));
    }
  }


  /** Exit code {@code code}, one error line containing every one of {@code parts}. */
  private static void fails(Cli r, int code, String... parts) {
    assertEquals(code, r.code(), r.toString());
    assertTrue(r.oneLineError(), "one line, no stack trace: " + r.err());
    for (String p : parts) {
      assertTrue(r.err().contains(p), "names '" + p + "': " + r.err());
    }
  }

  private static long runsWithStatus(Path warehouse, String status) {
    Path runs = warehouse.resolve("runs");
    if (!Files.exists(runs)) {
      return 0;
    }
    return SharedSpark.session().read().format("delta").load(runs.toString()).filter("status = '" + status + "'")
        .count();
  }

  private static String reason(String column) {
    for (JsonNode d : summary.get("dropped_columns")) {
      if (d.get("column").asText().equals(column)) {
        return d.get("reason").asText();
      }
    }
    return null;
  }

  // ---- files and tables

  @Test
  void missingFile() {
    Case c = new Case();
    Path p = dir.resolve("absent/data.csv");
    c.fails(c.train(p, "y"), 3, p.toString(), "no such file");
  }

  @Test
  void corruptParquetFolder() throws Exception {
    Case c = new Case();
    Path folder = dir.resolve("corrupt-parquet");
    Files.createDirectories(folder);
    Files.write(folder.resolve("part-00000.parquet"), "this is not parquet at all".getBytes());
    c.fails(c.train(folder, "y"), 3, folder.toString(), "cannot be read as parquet");
  }

  @Test
  void corruptGzip() throws Exception {
    Case c = new Case();
    Path gz = dir.resolve("broken.csv.gz");
    Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7});
    c.fails(c.train(gz, "y"), 3, gz.toString(), "cannot be read");
  }

  @Test
  void emptyTable() throws Exception {
    Case c = new Case();
    c.fails(c.train(write("empty.csv", "a,b,y\n"), "y"), 3, "no rows");
  }

  @Test
  void missingLabelColumn() {
    Case c = new Case();
    c.fails(c.train(messy, "churn"), 3, "column 'churn'", "not found");
  }

  @Test
  void nullLabelEverywhere() throws Exception {
    Case c = new Case();
    Path p = write("nulllabel.csv", "a,b,y\n1,2,\n3,4,\n5,6,\n");
    long failedBefore = runsWithStatus(c.wh(), "failed");
    c.fails(c.train(p, "y"), 3, "label 'y'", "null in every one of the 3 rows");
    assertEquals(failedBefore + 1, runsWithStatus(c.wh(), "failed"), "the run is recorded as failed");
  }

  @Test
  void oneClassLabel() throws Exception {
    Case c = new Case();
    c.fails(c.train(write("oneclass.csv", "a,y\n1,k\n2,k\n3,k\n"), "y"), 3, "label 'y'", "single value 'k'");
  }

  @Test
  void tooFewRowsForTheFolds() throws Exception {
    Case c = new Case();
    c.fails(c.train(write("tiny.csv", "a,y\n1,p\n2,q\n3,p\n"), "y"), 3, "label 'y'", "non-null rows");
  }

  @Test
  void malformedRowsWrongFieldCount() throws Exception {
    Case c = new Case();
    StringBuilder b = new StringBuilder("a,b,y\n");
    for (int i = 0; i < 40; i++) {
      b.append(i).append(',').append(i * 2).append(',').append(i % 2 == 0 ? "p" : "q").append('\n');
    }
    b.append("7,8,p,surplus\n");
    Path p = write("fields.csv", b.toString());
    c.fails(c.train(p, "y"), 3, p.toString(), "1 of 41 rows", "has 4 fields, the header 3");
  }

  @Test
  void malformedRowsUnclosedQuote() throws Exception {
    Case c = new Case();
    StringBuilder b = new StringBuilder("a,b,y\n");
    for (int i = 0; i < 40; i++) {
      b.append(i).append(",\"x").append(i).append("\",").append(i % 2 == 0 ? "p" : "q").append('\n');
    }
    b.append("1,\"open,p\n");
    Path p = write("quotes.csv", b.toString());
    c.fails(c.train(p, "y"), 3, p.toString(), "unclosed quote");
  }

  @Test
  void malformedRowsCanBeDroppedOnRequest() throws Exception {
    StringBuilder b = new StringBuilder("a,b,y\n");
    for (int i = 0; i < 60; i++) {
      b.append(i).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "p" : "q").append('\n');
    }
    b.append("1,2\n9,9,9,9\n");
    Path p = write("dropbad.csv", b.toString());
    Path cfg = write("dropbad.yaml", "input: {malformed_rows: drop}\nsearch: {max_trials: 1}\n"
        + "models: {include: [logistic_regression]}\n");
    Path out = dir.resolve("dropbad.json");
    Case c = new Case();
    Cli r = c.cli("train", "--data", p.toString(), "--label", "y", "--config", cfg.toString(), "--budget", "60s",
        "--summary-json", out.toString());
    assertEquals(0, r.code(), r.toString());
    // The check the failing cases rely on sees what a run that trains commits.
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> c.before.assertNothingCommitted("a run"));
    assertTrue(r.err().contains("2 malformed rows"), r.err());
    assertEquals(60, new ObjectMapper().readTree(out.toFile()).get("rows").asLong());
  }

  @Test
  void malformedJsonRecords() throws Exception {
    Case c = new Case();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      b.append("{\"a\": ").append(i).append(", \"y\": \"").append(i % 2 == 0 ? "p" : "q").append("\"}\n");
    }
    b.append("{\"a\": 3, \"y\"\n");
    Path p = write("records.json", b.toString());
    c.fails(c.train(p, "y"), 3, p.toString(), "1 records are not valid JSON");
  }

  @Test
  void duplicateColumnNames() throws Exception {
    Case c = new Case();
    Path p = write("dupes.csv", "a,b,A,y\n1,2,3,p\n4,5,6,q\n");
    c.fails(c.train(p, "y"), 3, p.toString(), "column 'A'", "more than once");
  }

  // ---- odd shapes: a clear error or a working run, never an internal error

  @Test
  void aBinaryClassTooRareForTheFolds() throws Exception {
    StringBuilder b = new StringBuilder("a,b,y\n");
    for (int i = 0; i < 300; i++) {
      b.append(i % 17).append(',').append(i % 5).append(',').append(i == 7 ? "rare" : "common").append('\n');
    }
    Case c = new Case();
    c.fails(c.train(write("rare.csv", b.toString()), "y"), 3, "label 'y'", "1 row(s) of class 'rare'");
  }

  @Test
  void aFolderOfCsvFilesWhoseHeadersDisagree() throws Exception {
    Path folder = dir.resolve("disagree");
    Files.createDirectories(folder);
    StringBuilder one = new StringBuilder("a,b,y\n");
    StringBuilder two = new StringBuilder("y,b,a\n");
    for (int i = 0; i < 50; i++) {
      one.append(i).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "p" : "q").append('\n');
      two.append(i % 2 == 0 ? "p" : "q").append(',').append(i % 3).append(',').append(i).append('\n');
    }
    Files.writeString(folder.resolve("part-1.csv"), one);
    Files.writeString(folder.resolve("part-2.csv"), two);
    Case c = new Case();
    c.fails(c.train(folder, "y"), 3, folder.toString(), "header");
  }

  @Test
  void identifiersThatAreNotPlainNames() {
    Case c = new Case();
    c.fails(c.train(messy, "y", "--run-id", "../../etc/x"), 2, "--run-id", "../../etc/x");
    c = new Case();
    c.fails(c.train(messy, "y", "--register", "my model;drop"), 2, "--register", "my model;drop");
    c = new Case();
    // Not a registry reference (an alias is a plain name), so it is taken as a folder, which is not there.
    c.fails(c.cli("score", "--model", "churn@champ ion", "--data", messy.toString(), "--output",
        dir.resolve("never3").toString()), 3, "churn@champ ion", "not a saved Sparkwise model");
  }

  @Test
  void aZeroBudget() {
    Case c = new Case();
    c.fails(c.cli("train", "--data", messy.toString(), "--label", "y", "--budget", "0s"), 2, "--budget", "0s");
  }

  @Test
  void aByteOrderMarkWindowsLineEndsAndATwoSecondBudgetStillTrain() throws Exception {
    StringBuilder b = new StringBuilder("\uFEFFa,b,y\r\n");
    Random r = new Random(4);
    for (int i = 0; i < 200; i++) {
      int a = r.nextInt(100);
      b.append(a).append(',').append(r.nextInt(5)).append(',').append(a + r.nextGaussian() * 20 > 50 ? "p" : "q")
          .append("\r\n");
    }
    Path out = dir.resolve("bom.json");
    Cli r2 = Cli.run("train", "--data", write("bom.csv", b.toString()).toString(), "--label", "y", "--budget", "2s",
        "--warehouse", dir.resolve("wh-bom").toString(), "--summary-json", out.toString());
    assertEquals(0, r2.code(), r2.toString());
    JsonNode s = new ObjectMapper().readTree(out.toFile());
    assertEquals(List.of("a", "b"), sparkwise.models.SavedModel.load(s.get("model_path").asText()).inputColumns(),
        "the byte order mark is not part of the first column's name");
  }

  // ---- messy but usable columns: trained, each decision explained

  @Test
  void allNullAndConstantColumnsAreDroppedWithReasons() {
    assertTrue(reason("all_null").contains("null"), String.valueOf(reason("all_null")));
    assertTrue(reason("constant").contains("constant"), String.valueOf(reason("constant")));
    assertTrue(reason("row_id").contains("ID"), String.valueOf(reason("row_id")));
  }

  @Test
  void nanAndInfinityInNumericsAreTreatedAsMissing() {
    assertEquals(null, reason("ratio"));
    assertTrue(trained.err().contains("'ratio'") || summary.get("holdout").get("roc_auc").asDouble() > 0.5);
    assertTrue(Double.isFinite(summary.get("holdout").get("logloss").asDouble()), summary.toString());
  }

  @Test
  void numbersStoredAsTextWithJunkAreParsed() {
    assertEquals(null, reason("amount_text"));
    assertTrue(summary.get("holdout").get("roc_auc").asDouble() > 0.75, summary.toString());
  }

  @Test
  void nullLabelRowsAreDroppedAndCounted() {
    assertEquals(600 - 12, summary.get("rows").asLong());
    assertTrue(trained.err().contains("12 with a null label dropped"), trained.err());
  }

  @Test
  void oddColumnNamesWorkEndToEnd() throws Exception {
    Path scored = dir.resolve("odd-names-scored.parquet");
    Cli r = Cli.run("score", "--model", modelPath, "--data", messy.toString(), "--output", scored.toString(),
        "--warehouse", warehouse.toString());
    assertEquals(0, r.code(), r.toString());
    Dataset<Row> out = SharedSpark.session().read().parquet(scored.toString());
    for (String c : List.of("customer age", "plan.type", "we`ird", "größe")) {
      assertTrue(List.of(out.columns()).contains(c), c + " passed through: " + List.of(out.columns()));
    }
    assertEquals(600, out.count());
  }

  @Test
  void aCategoricalWithManyLevelsIsFolded() throws Exception {
    StringBuilder b = new StringBuilder("code,x,y\n");
    Random r = new Random(5);
    for (int i = 0; i < 3000; i++) {
      int x = r.nextInt(100);
      b.append("c").append(r.nextInt(1500)).append(',').append(x).append(',').append(x + r.nextGaussian() * 20 > 50
          ? "p" : "q").append('\n');
    }
    Cli r2 = Cli.run("profile", "--data", write("levels.csv", b.toString()).toString(), "--label", "y");
    assertEquals(0, r2.code(), r2.toString());
    assertTrue(r2.out().lines().anyMatch(l -> l.startsWith("code") && l.contains("categorical") && l.contains("rare levels folded")), r2.out());
  }

  // ---- scoring

  @Test
  void unseenCategoriesAtScoringAreHandled() throws Exception {
    Path shifted = write("shifted.csv", messyCsv(200, 9, true));
    Path scored = dir.resolve("unseen-scored");
    Cli r = Cli.run("score", "--model", modelPath, "--data", shifted.toString(), "--output", scored.toString(),
        "--warehouse", warehouse.toString());
    assertEquals(0, r.code(), r.toString());
    Dataset<Row> out = SharedSpark.session().read().format("delta").load(scored.toString());
    assertEquals(200, out.count());
    assertEquals(0, out.filter("prediction IS NULL").count());
  }

  @Test
  void missingColumnAtScoringWritesNothing() throws Exception {
    String without = messyCsv(50, 4, false).lines()
        .map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1)) + l.substring(l.lastIndexOf(',')))
        .reduce((a, b) -> a + "\n" + b).orElseThrow();
    Path p = write("nocity.csv", without + "\n");
    Path scored = dir.resolve("never");
    Case c = new Case(scored);
    c.fails(c.cli("score", "--model", modelPath, "--data", p.toString(), "--output", scored.toString()), 3,
        "column 'city'");
    assertFalse(Files.exists(scored));
  }

  @Test
  void retypedColumnAtScoringIsRejected() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path p = dir.resolve("retyped.parquet");
    spark.read().option("header", "true").option("inferSchema", "true").csv(messy.toString())
        .withColumn("customer age", org.apache.spark.sql.functions.array(
            org.apache.spark.sql.functions.col("`customer age`")))
        .write().parquet(p.toString());
    Path scored = dir.resolve("never2");
    Case c = new Case(scored);
    c.fails(c.cli("score", "--model", modelPath, "--data", p.toString(), "--output", scored.toString()), 3,
        "column 'customer age'", "cannot be cast");
    assertFalse(Files.exists(scored));
  }

  // ---- configuration

  @Test
  void invalidYaml() throws Exception {
    Case c = new Case();
    Path cfg = write("invalid.yaml", "search: {strategy: random\nmodels: [\n");
    c.fails(c.train(messy, "y", "--config", cfg.toString()), 2, cfg.toString(), "invalid YAML");
  }

  @Test
  void misspelledYamlKey() throws Exception {
    Case c = new Case();
    Path cfg = write("typo.yaml", "search:\n  max_trails: 5\n");
    c.fails(c.train(messy, "y", "--config", cfg.toString()), 2, "search.max_trails", "did you mean 'max_trials'");
  }

  @Test
  void unsafeYamlTypeTag() throws Exception {
    Case c = new Case();
    Path cfg = write("unsafe.yaml", "label: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
        + "[[!!java.net.URL [\"http://127.0.0.1:1/x.jar\"]]]]\n");
    c.fails(c.train(messy, "y", "--config", cfg.toString()), 2, "type tag", "not allowed");
  }

  @Test
  void unknownModelFamily() throws Exception {
    Case c = new Case();
    Path cfg = write("family.yaml", "models:\n  include: [random_forrest]\n");
    c.fails(c.train(messy, "y", "--config", cfg.toString()), 2, "models.include[0]", "random_forest");
  }

  @Test
  void unknownStrategy() throws Exception {
    Case c = new Case();
    Path cfg = write("strategy.yaml", "search:\n  strategy: simulated_annealing\n");
    c.fails(c.train(messy, "y", "--config", cfg.toString()), 2, "search.strategy", "simulated_annealing");
  }

  @Test
  void negativeAndUnparsableBudgets() {
    var c = new Case();
    c.fails(c.train(messy, "y", "--budget", "-3m"), 2, "--budget");
    c = new Case();
    c.fails(c.cli("train", "--data", messy.toString(), "--label", "y", "--budget", "ten minutes"), 2, "--budget",
        "ten minutes");
  }

  @Test
  void wrongTypeInConfig() throws Exception {
    Case c = new Case();
    Path cfg = write("type.yaml", "split:\n  folds: many\n");
    c.fails(c.train(messy, "y", "--config", cfg.toString()), 2, "split.folds", "many");
  }

  // ---- outputs and storage

  @Test
  void unwritableWarehouse() throws Exception {
    Path file = write("a-file", "not a folder");
    Path wh = file.resolve("warehouse");
    WarehouseSnapshot before = WarehouseSnapshot.of(file);
    fails(Cli.run("train", "--data", messy.toString(), "--label", "y", "--warehouse", wh.toString()), 6,
        wh.toString());
    before.assertNothingCommitted("unwritable warehouse");
  }

  @Test
  void unwritableOutput() throws Exception {
    Path file = write("b-file", "not a folder");
    Path out = file.resolve("scores");
    Case c = new Case(file);
    c.fails(c.cli("score", "--model", modelPath, "--data", messy.toString(), "--output", out.toString()), 6,
        out.toString());
  }

  @Test
  void existingOutputIsNotOverwritten() throws Exception {
    Path out = dir.resolve("existing.csv");
    Files.writeString(out, "precious\n");
    Case c = new Case(out);
    c.fails(c.cli("score", "--model", modelPath, "--data", messy.toString(), "--output", out.toString()), 6,
        out.toString(), "--mode overwrite");
    assertEquals("precious\n", Files.readString(out));
  }
}
