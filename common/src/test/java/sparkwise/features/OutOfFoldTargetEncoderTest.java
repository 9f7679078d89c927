package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.feature.TargetEncoder;
import org.apache.spark.ml.feature.TargetEncoderModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.StageContract;

/**
 * Out-of-fold target encoding: on a category that says nothing about the label, the in-sample
 * encoding correlates with the label (the leak) and the out-of-fold one does not.
 */
class OutOfFoldTargetEncoderTest {
  private static Dataset<Row> data() {
    // 600 levels over 3000 rows, label independent of the level.
    return SharedSpark.session().range(3000).selectExpr("id",
        "CAST(pmod(xxhash64(id, 1), 600) AS DOUBLE) AS level_idx",
        "CAST(rand(3) < 0.3 AS DOUBLE) AS y",
        "xxhash64(id, 9) AS __row_id");
  }

  private static double corr(Dataset<Row> df) {
    return df.stat().corr("level_te", "y");
  }

  @Test
  void trainingRowsAreEncodedOutOfFoldAndNewRowsByAllRows() throws Exception {
    Dataset<Row> df = data().cache();
    OutOfFoldTargetEncoderModel m = new OutOfFoldTargetEncoder().setInputCols(new String[] {"level_idx"})
        .setOutputCols(new String[] {"level_te"}).setLabelCol("y").setTargetType("binary").setSmoothing(1.0)
        .fit(df);
    assertTrue(m.hasFoldEncoders());
    double inSample = corr(m.transform(df.drop("__row_id")));
    double outOfFold = corr(m.transform(df));
    assertTrue(inSample > 0.3, "the all-rows encoding leaks each row's label: corr " + inSample);
    assertTrue(Math.abs(outOfFold) < 0.1, "the out-of-fold encoding does not: corr " + outOfFold);
    assertEquals(3000, m.transform(df).count(), "every row once");
    assertTrue(m.transform(df).schema().apply("level_te").metadata().json().equals("{}"), "a plain number");
    StageContract.check(m, df, "id");
    df.unpersist();
  }

  /** The k + 1 encoders come from one aggregation: each must encode exactly as Spark's own fit. */
  @ParameterizedTest
  @ValueSource(strings = {"binary", "continuous"})
  void encodesAsSparksOwnFitOnTheSameRows(String targetType) {
    Dataset<Row> df = SharedSpark.session().range(900).selectExpr("id",
        "IF(id % 97 = 0, NULL, CAST(pmod(xxhash64(id, 1), 40) AS DOUBLE)) AS a_idx",
        "CAST(pmod(xxhash64(id, 2), 7) AS DOUBLE) AS b_idx",
        targetType.equals("binary") ? "CAST(rand(3) < 0.3 AS DOUBLE) AS y" : "rand(3) * 10 AS y",
        "xxhash64(id, 9) AS __row_id").cache();
    String[] in = {"a_idx", "b_idx"};
    String[] out = {"a_te", "b_te"};
    int k = 3;
    OutOfFoldTargetEncoderModel ours = new OutOfFoldTargetEncoder().setInputCols(in).setOutputCols(out)
        .setLabelCol("y").setTargetType(targetType).setSmoothing(2.0).setFolds(k).fit(df);
    java.util.function.Function<Dataset<Row>, TargetEncoderModel> spark = rows -> new TargetEncoder()
        .setInputCols(in).setOutputCols(out).setLabelCol("y").setTargetType(targetType).setSmoothing(2.0)
        .setHandleInvalid("keep").fit(rows);
    Dataset<Row> newRows = df.drop("__row_id");
    assertSameEncoding(spark.apply(df).transform(newRows), ours.transform(newRows), "all rows");
    for (int f = 0; f < k; f++) {
      Column inFold = OutOfFoldTargetEncoder.foldOf("__row_id", k).equalTo(f);
      assertSameEncoding(spark.apply(df.filter(inFold.unary_$bang())).transform(df.filter(inFold)),
          ours.transform(df).filter(inFold), "fold " + f);
    }
    df.unpersist();
  }

  private static void assertSameEncoding(Dataset<Row> expected, Dataset<Row> actual, String what) {
    java.util.Map<Long, double[]> want = new java.util.HashMap<>();
    for (Row r : expected.select("id", "a_te", "b_te").collectAsList()) {
      want.put(r.getLong(0), new double[] {r.getDouble(1), r.getDouble(2)});
    }
    List<Row> got = actual.select("id", "a_te", "b_te").collectAsList();
    assertEquals(want.size(), got.size(), what + ": rows");
    for (Row r : got) {
      double[] w = want.get(r.getLong(0));
      assertEquals(w[0], r.getDouble(1), 1e-9, what + ", a_te of row " + r.getLong(0));
      assertEquals(w[1], r.getDouble(2), 1e-9, what + ", b_te of row " + r.getLong(0));
    }
  }
}
