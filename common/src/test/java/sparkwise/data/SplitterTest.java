package sparkwise.data;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.TrainConfig;
import sparkwise.testing.TestData;

class SplitterTest {
  private final TrainConfig.Split cfg = TrainConfig.defaults().split();

  @Test
  void holdoutIsExactlyStratifiedAndFoldsAreBalanced() {
    Dataset<Row> df = TestData.churn(4000);
    Dataset<Row> split = Splitter.split(df, "churned", true, cfg, 42).cache();
    for (Row r : split.groupBy("churned").agg(
        org.apache.spark.sql.functions.count("*").as("n"),
        org.apache.spark.sql.functions.sum(col(Splitter.HOLDOUT).cast("int")).as("h")).collectAsList()) {
      long n = r.getLong(1);
      long h = r.getLong(2);
      assertEquals(Math.floor(n * 0.2), h, 1.0, "class " + r.get(0));
    }
    List<Row> folds = split.filter(col(Splitter.HOLDOUT).equalTo(false)).groupBy(Splitter.FOLD).count().collectAsList();
    assertEquals(3, folds.size());
    long min = folds.stream().mapToLong(r -> r.getLong(1)).min().orElseThrow();
    long max = folds.stream().mapToLong(r -> r.getLong(1)).max().orElseThrow();
    assertTrue(max - min <= 2, "folds differ by at most one row per class");
    split.unpersist();
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    Dataset<Row> df = TestData.churn(1000);
    long a = Splitter.split(df, "churned", true, cfg, 1).filter(col(Splitter.HOLDOUT)).select("customer_id")
        .except(Splitter.split(df, "churned", true, cfg, 1).filter(col(Splitter.HOLDOUT)).select("customer_id")).count();
    assertEquals(0, a);
    long b = Splitter.split(df, "churned", true, cfg, 1).filter(col(Splitter.HOLDOUT)).select("customer_id")
        .except(Splitter.split(df, "churned", true, cfg, 2).filter(col(Splitter.HOLDOUT)).select("customer_id")).count();
    assertTrue(b > 0);
  }

  @Test
  void regressionSplitsByHash() {
    Dataset<Row> df = TestData.churn(2000);
    long held = Splitter.split(df, "monthly_charges", false, cfg, 3).filter(col(Splitter.HOLDOUT)).count();
    assertTrue(held > 300 && held < 500, "about 20 %: " + held);
  }

  @Test
  void timeOrderedSplitHoldsOutTheLatestRowsAndValidatesEachBlockOnThePast() {
    Dataset<Row> df = sparkwise.testing.SharedSpark.session().range(3000)
        .selectExpr("id", "date_add(DATE'2020-01-01', CAST(id % 1000 AS INT)) AS day", "CAST(id % 2 AS DOUBLE) AS y");
    TrainConfig.Split timed = new TrainConfig.Split(0.2, "kfold", 3, 0.2, "day");
    Dataset<Row> split = Splitter.split(df, "y", true, timed, 1).cache();
    Row held = split.filter(col(Splitter.HOLDOUT)).selectExpr("min(day)", "count(*)").first();
    Row search = split.filter(col(Splitter.HOLDOUT).equalTo(false)).selectExpr("max(day)").first();
    assertTrue(held.getDate(0).after(search.getDate(0)), "the holdout is later than every search row");
    assertEquals(600, held.getLong(1), 15, "about 20 % held out");
    List<Row> blocks = split.filter(col(Splitter.HOLDOUT).equalTo(false)).groupBy(Splitter.FOLD)
        .agg(org.apache.spark.sql.functions.min("day"), org.apache.spark.sql.functions.max("day"))
        .orderBy(Splitter.FOLD).collectAsList();
    assertEquals(4, blocks.size(), "k + 1 blocks in time order");
    for (int b = 1; b < blocks.size(); b++) {
      assertTrue(blocks.get(b).getDate(1).after(blocks.get(b - 1).getDate(2)), "block " + b + " follows " + (b - 1));
    }
    assertEquals(List.of(1, 2, 3), java.util.Arrays.stream(Splitter.validationFolds(timed)).boxed().toList());
    split.unpersist();
  }

  @Test
  void aMissingTimeColumnIsNamed() {
    Dataset<Row> df = TestData.churn(100);
    TrainConfig.Split timed = new TrainConfig.Split(0.2, "kfold", 3, 0.2, "when");
    sparkwise.SparkwiseException e = org.junit.jupiter.api.Assertions.assertThrows(sparkwise.SparkwiseException.class,
        () -> Splitter.split(df, "churned", true, timed, 1));
    assertTrue(e.getMessage().contains("when"), e.getMessage());
  }
}
