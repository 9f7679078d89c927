package sparkwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;

/** The in-memory regression meta-learner solves the problem MLlib's LinearRegression solves, to the same answer. */
class RegressionMetaLearnerTest {
  @Test
  void matchesMllibLinearRegressionWithWeightsAndAConstantColumn() {
    check(Ensembler.META_REG_PARAM);
  }

  /** A penalty strong enough to move the coefficients: the same scaling of it as MLlib's. */
  @Test
  void shrinksAsMllibDoes() {
    check(2_000.0);
  }

  /** Rows (features, label, weight) as MLlib's learners read them. */
  static Dataset<Row> frame(double[][] x, double[] y, double[] w) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i], w[i]));
    }
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType).add("weight", DataTypes.DoubleType);
    return SharedSpark.session().createDataFrame(rows, schema);
  }

  private static void check(double regParam) {
    Random r = new Random(11);
    int n = 900;
    double[][] x = new double[n][4];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double price = 180_000 + 60_000 * r.nextGaussian();  // a label on a house price's scale
      x[i][0] = price + 20_000 * r.nextGaussian();           // three members' predictions of it,
      x[i][1] = 0.9 * price + 15_000 * r.nextGaussian();     // correlated, biased, unequally noisy
      x[i][2] = price + 45_000 * r.nextGaussian();
      x[i][3] = 175_000;                                     // and a constant one
      y[i] = price + 5_000 * r.nextGaussian();
      w[i] = 1 + r.nextInt(3);
    }
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);

    RegressionMetaLearner.Fit ours = RegressionMetaLearner.fit(x, y, w, all, regParam);

    Dataset<Row> df = frame(x, y, w);
    // As Ensembler's distributed meta-learner is configured.
    LinearRegressionModel mllib = new LinearRegression().setWeightCol("weight")
        .setRegParam(regParam).setElasticNetParam(0.0).fit(df);

    double[] expected = mllib.coefficients().toArray();
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j], ours.coefficients()[j], 1e-6 * Math.max(1, Math.abs(expected[j])), "coefficient " + j);
    }
    assertEquals(0.0, ours.coefficients()[3], 0.0, "a constant column's coefficient");
    assertEquals(mllib.intercept(), ours.intercept(), 1e-6 * Math.abs(mllib.intercept()) + 1e-3);
    // Saved as the distributed meta-learner is: a pipeline of one LinearRegressionModel on the features.
    double p0 = ours.asPipeline("features").transform(df.limit(1)).select("prediction").first().getDouble(0);
    assertEquals(ours.prediction(x[0]), p0, 1e-6);
  }
}
