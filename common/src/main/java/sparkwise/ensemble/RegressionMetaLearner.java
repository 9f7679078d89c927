package sparkwise.ensemble;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.util.Identifiable;

/**
 * The regression stacking meta-learner fitted in memory on collected out-of-fold predictions:
 * Spark's {@code LinearRegression} with an L2 penalty, solved by its normal equations
 * ({@code WeightedLeastSquares}: weighted squared error over the weight total, features and label
 * standardised by their weighted population deviations, a penalty of {@code regParam / σ_label / 2}
 * on the standardised coefficients, intercept free). MLlib's fit is a few Spark jobs per fold, about
 * 1–2 s of a small table's ensemble phase; here it is a k × k solve, and the result is the
 * {@link LinearRegressionModel} MLlib would return.
 */
final class RegressionMetaLearner {
  private RegressionMetaLearner() {}

  /** A fitted meta-learner: coefficients on the raw member columns and an intercept. */
  record Fit(double[] coefficients, double intercept) implements LocalStacking.MetaFit {
    @Override
    public double[] scores(double[] x) {
      return new double[] {prediction(x)};
    }

    double prediction(double[] x) {
      double z = intercept;
      for (int j = 0; j < x.length; j++) {
        z += coefficients[j] * x[j];
      }
      return z;
    }

    /** As an MLlib pipeline reading {@code featuresCol}, as the distributed meta-learner is saved. */
    @Override
    public PipelineModel asPipeline(String featuresCol) {
      Transformer lr = new LinearRegressionModel(Identifiable.randomUID("linReg"), Vectors.dense(coefficients.clone()),
          intercept).setFeaturesCol(featuresCol);
      return new PipelineModel(Identifiable.randomUID("pipeline"), new Transformer[] {lr});
    }
  }

  /** Each row's members' predictions, as {@code EnsembleModel.metaFeatures} makes them for regression. */
  static double[][] features(OofView.Local view, int members) {
    int n = view.labels().length;
    double[][] x = new double[n][members];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < members; j++) {
        x[i][j] = view.scores()[j][i][0];
      }
    }
    return x;
  }

  /** Fits rows {@code x[i]} (where {@code use[i]}) with labels {@code y} and weights {@code w}. */
  static Fit fit(double[][] x, double[] y, double[] w, boolean[] use, double regParam) {
    int k = x.length == 0 ? 0 : x[0].length;
    double total = 0;
    double yMean = 0;
    double[] mean = new double[k];
    for (int i = 0; i < x.length; i++) {
      if (use[i]) {
        total += w[i];
        yMean += w[i] * y[i];
        for (int j = 0; j < k; j++) {
          mean[j] += w[i] * x[i][j];
        }
      }
    }
    if (total <= 0) {
      throw new IllegalArgumentException("no rows with a positive weight to fit the meta-learner on");
    }
    yMean /= total;
    for (int j = 0; j < k; j++) {
      mean[j] /= total;
    }
    double[][] cov = new double[k][k];
    double[] xy = new double[k];
    double yVar = 0;
    for (int i = 0; i < x.length; i++) {
      if (!use[i]) {
        continue;
      }
      double a = w[i] / total;
      double dy = y[i] - yMean;
      yVar += a * dy * dy;
      for (int r = 0; r < k; r++) {
        double dr = x[i][r] - mean[r];
        xy[r] += a * dr * dy;
        for (int c = 0; c <= r; c++) {
          cov[r][c] += a * dr * (x[i][c] - mean[c]);
        }
      }
    }
    double ySd = Math.sqrt(yVar);
    double[] sd = new double[k];
    for (int j = 0; j < k; j++) {
      sd[j] = Math.sqrt(cov[j][j]);
      if (sd[j] <= 1e-12 * Math.max(1, Math.abs(mean[j]))) { // constant but for rounding: coefficient 0
        sd[j] = 0;
      }
    }
    if (ySd == 0) { // a constant label: the intercept alone predicts it
      return new Fit(new double[k], yMean);
    }
    // Normal equations on standardised columns: (C + λ' I) γ = c, C and c correlations.
    double lambda = regParam / ySd;
    double[][] h = new double[k][k];
    double[] g = new double[k];
    for (int r = 0; r < k; r++) {
      g[r] = sd[r] > 0 ? xy[r] / (sd[r] * ySd) : 0;
      for (int c = 0; c <= r; c++) {
        double v = sd[r] > 0 && sd[c] > 0 ? cov[r][c] / (sd[r] * sd[c]) : 0;
        h[r][c] = v;
        h[c][r] = v;
      }
      h[r][r] += sd[r] > 0 ? lambda : 1;
    }
    double[] gamma = k == 0 ? new double[0]
        : new LUDecomposition(new Array2DRowRealMatrix(h, false)).getSolver().solve(new ArrayRealVector(g, false)).toArray();
    double[] beta = new double[k];
    double intercept = yMean;
    for (int j = 0; j < k; j++) {
      beta[j] = sd[j] > 0 ? gamma[j] * ySd / sd[j] : 0;
      intercept -= beta[j] * mean[j];
    }
    return new Fit(beta, intercept);
  }
}
