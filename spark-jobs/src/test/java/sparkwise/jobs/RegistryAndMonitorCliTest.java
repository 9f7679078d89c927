package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/** Registry, scoring through aliases and drift monitoring, as a user runs them from the shell. */
class RegistryAndMonitorCliTest {
  @TempDir static Path dir;
  static String wh;
  static Path train;
  static Path same;
  static Path shifted;

  @BeforeAll
  static void trainTwoVersions() throws Exception {
    SparkSession spark = SharedSpark.session();
    wh = dir.resolve("wh").toString();
    Dataset<Row> all = TestData.churn(3000);
    write(all.filter("customer_id < 'C000002000'"), train = dir.resolve("train.csv"));
    Dataset<Row> rest = all.filter("customer_id >= 'C000002000'");
    write(rest, same = dir.resolve("same.csv"));
    write(rest.selectExpr("*", "monthly_charges * 2 AS doubled", "age + 25 AS older",
            "CASE WHEN pmod(hash(customer_id), 4) = 0 THEN 'lifetime' ELSE contract END AS new_contract")
        .drop("monthly_charges", "age", "contract")
        .withColumnRenamed("doubled", "monthly_charges").withColumnRenamed("older", "age")
        .withColumnRenamed("new_contract", "contract"), shifted = dir.resolve("shifted.csv"));
    Path config = dir.resolve("job.yaml");
    Files.writeString(config, """
        search:
          max_trials: 1
        models:
          include: [logistic_regression]
        """);
    for (int seed : new int[] {1, 2}) {
      Cli r = Cli.run("train", "--data", train.toString(), "--label", "churned", "--config", config.toString(),
          "--budget", "60s", "--seed", String.valueOf(seed), "--warehouse", wh, "--register", "churn",
          "--tag", "team=retention", "-q");
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().contains("registered: churn:" + seed), r.out());
    }
  }

  private static void write(Dataset<Row> df, Path path) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(String.join(",", df.columns()));
    for (Row row : df.collectAsList()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length(); i++) {
        sb.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : row.get(i).toString());
      }
      lines.add(sb.toString());
    }
    Files.write(path, lines);
  }

  @Test
  void promoteScoreByAliasRollbackCompareAndHistory() {
    assertEquals(0, Cli.run("models", "promote", "churn:1", "--alias", "champion", "--warehouse", wh).code());
    Cli p2 = Cli.run("models", "promote", "churn:2", "--alias", "champion", "--warehouse", wh);
    assertEquals(0, p2.code(), p2.toString());
    assertTrue(p2.out().contains("v1 -> v2"), p2.out());

    Path out = dir.resolve("scored");
    Cli s = Cli.run("score", "--model", "churn@champion", "--data", same.toString(), "--output", out.toString(),
        "--warehouse", wh);
    assertEquals(0, s.code(), s.toString());
    Dataset<Row> scored = SharedSpark.session().read().format("delta").load(out.toString());
    assertEquals(1000, scored.count());
    assertEquals(1000, scored.filter("model_name = 'churn' AND model_version = 2").count());
    assertEquals(1, SharedSpark.session().read().format("delta").load(wh + "/scoring")
        .filter("output_path = '" + out + "' AND model_version = 2 AND rows = 1000").count());

    Cli back = Cli.run("models", "rollback", "churn", "--alias", "champion", "--warehouse", wh);
    assertEquals(0, back.code(), back.toString());
    assertTrue(back.out().contains("v2 -> v1"), back.out());

    Cli list = Cli.run("models", "list", "--warehouse", wh);
    assertTrue(list.out().contains("champion=v1"), list.out());
    Cli history = Cli.run("models", "history", "churn", "--warehouse", wh);
    assertEquals(0, history.code(), history.toString());
    assertEquals(2, history.out().lines().filter(l -> l.contains("register")).count(), history.out());
    assertEquals(2, history.out().lines().filter(l -> l.contains("promote @champion")).count(), history.out());
    assertEquals(1, history.out().lines().filter(l -> l.contains("rollback @champion")).count(), history.out());

    Cli compare = Cli.run("models", "compare", "churn:1", "churn:2", "--warehouse", wh);
    assertEquals(0, compare.code(), compare.toString());
    for (String row : List.of("holdout roc_auc", "seed", "training data", "config hash", "features", "tags")) {
      assertTrue(compare.out().contains(row), "compare shows " + row + ":\n" + compare.out());
    }
    assertTrue(compare.out().lines().anyMatch(l -> l.startsWith("seed") && l.endsWith("*")), compare.out());
  }

  @Test
  void registryMistakesAreUsageErrorsNamingTheModel() {
    Cli unknown = Cli.run("models", "promote", "churn:9", "--alias", "champion", "--warehouse", wh);
    assertEquals(2, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("churn:9") && unknown.oneLineError(), unknown.err());
    Cli badRef = Cli.run("models", "promote", "churn", "--alias", "champion", "--warehouse", wh);
    assertEquals(2, badRef.code(), badRef.toString());
    assertTrue(badRef.err().contains("NAME:VERSION"), badRef.err());
    Cli noAlias = Cli.run("score", "--model", "churn@staging", "--data", same.toString(), "--output",
        dir.resolve("never").toString(), "--warehouse", wh);
    assertEquals(2, noAlias.code(), noAlias.toString());
    assertTrue(noAlias.err().contains("no such alias"), noAlias.err());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void scoringATableWithoutATrainingColumnWritesNothing() throws Exception {
    Path lacking = dir.resolve("lacking.csv");
    Dataset<Row> rows = SharedSpark.session().read().option("header", "true").csv(same.toString()).drop("tenure_months");
    write(rows, lacking);
    Path out = dir.resolve("lacking-out");
    Cli r = Cli.run("score", "--model", "churn:1", "--data", lacking.toString(), "--output", out.toString(),
        "--warehouse", wh);
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("'tenure_months'") && r.oneLineError(), r.err());
    assertFalse(Files.exists(out), "nothing is written");
  }

  @Test
  void monitorPassesOnSameDataAndAlertsOnShiftedNamingTheFeatures() {
    Cli ok = Cli.run("monitor", "--model", "churn:1", "--data", same.toString(), "--label", "churned",
        "--warehouse", wh);
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().contains("metric:roc_auc"), ok.out());

    Cli alert = Cli.run("monitor", "--model", "churn:1", "--data", shifted.toString(), "--warehouse", wh, "-q");
    assertEquals(5, alert.code(), alert.toString());
    for (String f : List.of("monthly_charges", "age", "contract")) {
      assertTrue(alert.err().contains(f), "the alert names " + f + ": " + alert.err());
    }
    assertTrue(alert.err().contains("new_category_rate"), alert.err());
    assertFalse(alert.err().contains("tenure_months"), "undrifted features are not named: " + alert.err());
    Dataset<Row> table = SharedSpark.session().read().format("delta").load(wh + "/monitoring");
    assertEquals(2, table.select("monitor_id").distinct().count());
    assertTrue(table.filter("alert AND feature = 'monthly_charges' AND check = 'psi'").count() == 1);
  }
}
