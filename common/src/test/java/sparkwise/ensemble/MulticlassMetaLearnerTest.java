package sparkwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The in-memory multiclass meta-learner solves MLlib's multinomial LogisticRegression problem, to the same answer. */
class MulticlassMetaLearnerTest {
  private static final int CLASSES = 4;

  @Test
  void matchesMllibMultinomialLogisticRegressionWithWeightsAndAConstantColumn() {
    Random r = new Random(5);
    int n = 600;
    int members = 3;
    double[][] x = new double[n][members * CLASSES + 1];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(CLASSES);
      y[i] = label;
      w[i] = 0.5 + 1.5 * r.nextDouble();
      for (int m = 0; m < members; m++) { // each member's class probabilities, unequally sharp and noisy
        double[] z = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
          z[c] = (c == label ? 1.0 + 0.5 * m : 0) + (0.6 + 0.4 * m) * r.nextGaussian();
        }
        System.arraycopy(MulticlassMetaLearner.softmax(z), 0, x[i], m * CLASSES, CLASSES);
      }
      x[i][members * CLASSES] = 0.25; // and a constant column
    }
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);

    MulticlassMetaLearner.Fit ours = MulticlassMetaLearner.fit(x, y, w, all, Ensembler.META_REG_PARAM, CLASSES);

    Dataset<Row> df = RegressionMetaLearnerTest.frame(x, y, w);
    LogisticRegressionModel mllib = new LogisticRegression().setWeightCol("weight")
        .setRegParam(Ensembler.META_REG_PARAM).setElasticNetParam(0).setTol(1e-10).setMaxIter(500).fit(df);

    assertEquals(CLASSES, mllib.numClasses());
    double[] intercepts = mllib.interceptVector().toArray();
    for (int c = 0; c < CLASSES; c++) {
      for (int j = 0; j < x[0].length; j++) {
        assertEquals(mllib.coefficientMatrix().apply(c, j), ours.coefficients()[c][j], 1e-4,
            "coefficient of class " + c + ", column " + j);
      }
      assertEquals(0.0, ours.coefficients()[c][members * CLASSES], 0.0, "a constant column's coefficient");
      assertEquals(intercepts[c], ours.intercepts()[c], 1e-4, "intercept of class " + c);
    }
    assertTrue(Math.abs(ours.coefficients()[0][0]) > 0.1, "the fit is not trivially zero");
    // Saved as the distributed meta-learner is: a pipeline of one multinomial LogisticRegressionModel.
    Vector p0 = ours.asPipeline("features").transform(df.limit(1)).select("probability").first().getAs(0);
    double[] expected = ours.scores(x[0]);
    for (int c = 0; c < CLASSES; c++) {
      assertEquals(expected[c], p0.apply(c), 1e-12);
    }
  }
}
