package sparkwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The in-memory meta-learner solves the problem MLlib's LogisticRegression solves, to the same answer. */
class BinaryMetaLearnerTest {
  @Test
  void matchesMllibLogisticRegressionWithWeightsAndAConstantColumn() {
    Random r = new Random(7);
    int n = 800;
    double[][] x = new double[n][4];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double signal = r.nextGaussian();
      x[i][0] = 2 * signal + r.nextGaussian();        // three members' log-odds, correlated,
      x[i][1] = 1.5 * signal + 0.8 * r.nextGaussian(); // on different scales
      x[i][2] = 0.3 * signal + 3 * r.nextGaussian();
      x[i][3] = 1.25;                                  // and a constant one
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(0.4 + 1.2 * signal))) ? 1 : 0;
      w[i] = 0.5 + 1.5 * r.nextDouble();
    }
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);

    BinaryMetaLearner.Fit ours = BinaryMetaLearner.fit(x, y, w, all, Ensembler.META_REG_PARAM);

    Dataset<Row> df = RegressionMetaLearnerTest.frame(x, y, w);
    LogisticRegressionModel mllib = new LogisticRegression().setWeightCol("weight")
        .setRegParam(Ensembler.META_REG_PARAM).setElasticNetParam(0).setTol(1e-12).setMaxIter(1000).fit(df);

    double[] expected = mllib.coefficients().toArray();
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j], ours.coefficients()[j], 1e-4, "coefficient " + j);
    }
    assertEquals(0.0, ours.coefficients()[3], 0.0, "a constant column's coefficient");
    assertEquals(mllib.intercept(), ours.intercept(), 1e-4);
    // Saved as the distributed meta-learner is: a pipeline of one LogisticRegressionModel on the features.
    var pipeline = ours.asPipeline("features");
    double p0 = pipeline.transform(df.limit(1)).select("probability").first().<org.apache.spark.ml.linalg.Vector>getAs(0)
        .apply(1);
    assertEquals(ours.probability(x[0]), p0, 1e-12);
  }
}
