package sparkwise.ensemble;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;

/**
 * The binary stacking meta-learner fitted in memory on collected out-of-fold scores: Spark's
 * {@code LogisticRegression} objective (weighted log-loss over the weight total, an L2 penalty of
 * {@code regParam / 2} on the standardised coefficients, intercept free), solved by Newton's method
 * on a few member columns. MLlib solves the same problem with one Spark job per solver iteration,
 * about 5 s of a 60 s run for the folds' fits and the final one on a few thousand rows; here it is
 * milliseconds, and the result is the same {@link LogisticRegressionModel} MLlib would return.
 */
final class BinaryMetaLearner {
  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  /** A fitted meta-learner: coefficients on the raw member columns and an intercept. */
  record Fit(double[] coefficients, double intercept) implements LocalStacking.MetaFit {
    @Override
    public double[] scores(double[] x) {
      double p = probability(x);
      return new double[] {1 - p, p};
    }

    double probability(double[] x) {
      double z = intercept;
      for (int j = 0; j < x.length; j++) {
        z += coefficients[j] * x[j];
      }
      return 1 / (1 + Math.exp(-z));
    }

    /** As an MLlib pipeline reading {@code featuresCol}, as the distributed meta-learner is saved. */
    @Override
    public PipelineModel asPipeline(String featuresCol) {
      Transformer lr = new LogisticRegressionModel(Identifiable.randomUID("logreg"), Vectors.dense(coefficients.clone()),
          intercept).setFeaturesCol(featuresCol);
      return new PipelineModel(Identifiable.randomUID("pipeline"), new Transformer[] {lr});
    }
  }

  private BinaryMetaLearner() {}

  /**
   * The meta-learner's features of the view's rows, as {@code EnsembleModel.metaFeatures} makes
   * them for a binary task: each of the first {@code members} members' class-1 log-odds, clipped.
   */
  static double[][] features(OofView.Local view, int members) {
    int n = view.labels().length;
    double[][] x = new double[n][members];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < members; j++) {
        double[] s = view.scores()[j][i];
        double q = Math.max(Math.min(s[1], 0.999999), 0.000001);
        x[i][j] = Math.log(q / (1 - q));
      }
    }
    return x;
  }

  /** Fits rows {@code x[i]} (where {@code use[i]}) with labels 0/1 and weights {@code w}. */
  static Fit fit(double[][] x, double[] y, double[] w, boolean[] use, double regParam) {
    int k = x.length == 0 ? 0 : x[0].length;
    double total = 0;
    double[] mean = new double[k];
    for (int i = 0; i < x.length; i++) {
      if (use[i]) {
        total += w[i];
        for (int j = 0; j < k; j++) {
          mean[j] += w[i] * x[i][j];
        }
      }
    }
    if (total <= 0) {
      throw new IllegalArgumentException("no rows with a positive weight to fit the meta-learner on");
    }
    for (int j = 0; j < k; j++) {
      mean[j] /= total;
    }
    // Spark scales by the weighted sample standard deviation; a constant column gets coefficient 0.
    double[] sd = new double[k];
    double sumSq = 0;
    for (int i = 0; i < x.length; i++) {
      if (use[i]) {
        sumSq += w[i] * w[i];
        for (int j = 0; j < k; j++) {
          double d = x[i][j] - mean[j];
          sd[j] += w[i] * d * d;
        }
      }
    }
    double denominator = total - sumSq / total;
    for (int j = 0; j < k; j++) {
      sd[j] = denominator > 0 ? Math.sqrt(sd[j] / denominator) : 0;
      if (sd[j] <= 1e-12 * Math.max(1, Math.abs(mean[j]))) { // constant but for rounding in the mean
        sd[j] = 0;
      }
    }
    // Newton's method on theta = (c, gamma): z = c + sum_j gamma_j (x_j - mean_j) / sd_j.
    int p = k + 1;
    double[] theta = new double[p];
    double[] u = new double[p];
    double last = objective(x, y, w, use, theta, mean, sd, total, regParam, u);
    for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
      double[] g = new double[p];
      double[][] h = new double[p][p];
      for (int i = 0; i < x.length; i++) {
        if (!use[i]) {
          continue;
        }
        standardised(x[i], mean, sd, u);
        double q = 1 / (1 + Math.exp(-dot(theta, u)));
        double a = w[i] / total;
        for (int r = 0; r < p; r++) {
          g[r] += a * (q - y[i]) * u[r];
          for (int c = 0; c <= r; c++) {
            h[r][c] += a * q * (1 - q) * u[r] * u[c];
          }
        }
      }
      for (int r = 1; r < p; r++) {
        g[r] += regParam * theta[r];
        h[r][r] += sd[r - 1] > 0 ? regParam : 1; // a constant column: its coefficient stays 0
      }
      for (int r = 0; r < p; r++) {
        for (int c = r + 1; c < p; c++) {
          h[r][c] = h[c][r];
        }
      }
      // Positive definite (the penalty's diagonal), a few columns: a dense solve.
      double[] step;
      try {
        step = new LUDecomposition(new Array2DRowRealMatrix(h, false)).getSolver()
            .solve(new ArrayRealVector(g, false)).toArray();
      } catch (SingularMatrixException flat) { // separated classes: the curvature vanished, the fit is done
        break;
      }
      double scale = 1;
      double[] next = new double[p];
      double value;
      do { // halve the step until the objective does not rise
        for (int r = 0; r < p; r++) {
          next[r] = theta[r] - scale * step[r];
        }
        value = objective(x, y, w, use, next, mean, sd, total, regParam, u);
        scale /= 2;
      } while (value > last + 1e-15 && scale > 1e-6);
      double moved = 0;
      for (int r = 0; r < p; r++) {
        moved = Math.max(moved, Math.abs(next[r] - theta[r]));
      }
      theta = next.clone();
      last = value;
      if (moved < TOLERANCE) {
        break;
      }
    }
    double[] beta = new double[k];
    double intercept = theta[0];
    for (int j = 0; j < k; j++) {
      beta[j] = sd[j] > 0 ? theta[j + 1] / sd[j] : 0;
      intercept -= beta[j] * mean[j];
    }
    return new Fit(beta, intercept);
  }

  private static double objective(double[][] x, double[] y, double[] w, boolean[] use, double[] theta, double[] mean,
      double[] sd, double total, double regParam, double[] u) {
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      if (use[i]) {
        standardised(x[i], mean, sd, u);
        double z = dot(theta, u);
        // log(1 + e^z) - y z, computed without overflow
        loss += w[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z);
      }
    }
    double penalty = 0;
    for (int r = 1; r < theta.length; r++) {
      penalty += theta[r] * theta[r];
    }
    return loss / total + regParam / 2 * penalty;
  }

  private static void standardised(double[] x, double[] mean, double[] sd, double[] u) {
    u[0] = 1;
    for (int j = 0; j < x.length; j++) {
      u[j + 1] = sd[j] > 0 ? (x[j] - mean[j]) / sd[j] : 0;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
