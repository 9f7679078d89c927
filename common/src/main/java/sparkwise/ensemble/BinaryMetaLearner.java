package sparkwise.ensemble;

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
    Standardised s = Standardised.of(x, w, use);
    int p = k + 1; // theta = (c, gamma): z = c + sum_j gamma_j (x_j - mean_j) / sd_j
    double[] u = new double[p];
    double[] theta = Newton.minimize(new Newton.Problem() {
      @Override
      public double objective(double[] t) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
          if (use[i]) {
            s.standardise(x[i], u);
            double z = dot(t, u);
            // log(1 + e^z) - y z, computed without overflow
            loss += w[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z);
          }
        }
        double penalty = 0;
        for (int r = 1; r < t.length; r++) {
          penalty += t[r] * t[r];
        }
        return loss / s.total() + regParam / 2 * penalty;
      }

      @Override
      public void derivatives(double[] t, double[] g, double[][] h) {
        for (int i = 0; i < x.length; i++) {
          if (!use[i]) {
            continue;
          }
          s.standardise(x[i], u);
          double q = 1 / (1 + Math.exp(-dot(t, u)));
          double a = w[i] / s.total();
          for (int r = 0; r < p; r++) {
            g[r] += a * (q - y[i]) * u[r];
            for (int c = 0; c <= r; c++) {
              h[r][c] += a * q * (1 - q) * u[r] * u[c];
            }
          }
        }
        for (int r = 1; r < p; r++) {
          g[r] += regParam * t[r];
          h[r][r] += s.sd()[r - 1] > 0 ? regParam : 1; // a constant column: its coefficient stays 0
        }
      }
    }, p, TOLERANCE);
    double[] beta = s.raw(theta, 0);
    return new Fit(beta, s.rawIntercept(theta[0], beta));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
