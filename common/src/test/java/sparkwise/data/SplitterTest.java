package sparkwise.data;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.config.TrainConfig;
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
}
