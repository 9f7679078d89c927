package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
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
}
