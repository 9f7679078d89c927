package sparkwise.ensemble;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;

/**
 * The multiclass stacking meta-learner fitted in memory on collected out-of-fold probabilities:
 * Spark's multinomial {@code LogisticRegression} objective (weighted log-loss over the weight total,
 * an L2 penalty of {@code regParam / 2} on the standardised coefficients of every class, intercepts
 * free and, as Spark returns them, centred), solved by Newton's method. MLlib solves it with one
 * Spark job per L-BFGS iteration (car: 6.6 s of a 60 s run for the folds' fits and the final one);
 * here it is milliseconds while the parameters are few ({@link #fits}).
 */
final class MulticlassMetaLearner {
  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-9;
  /** Newton's Hessian has (classes × (features + 1))² entries, summed over every row. */
  private static final int MAX_PARAMETERS = 400;
  private static final double MAX_WORK = 5e8;

  /** A fitted meta-learner: per class, coefficients on the raw member columns and an intercept. */
  record Fit(double[][] coefficients, double[] intercepts) implements LocalStacking.MetaFit {
    @Override
    public double[] scores(double[] x) {
      int classes = intercepts.length;
      double[] z = new double[classes];
      for (int c = 0; c < classes; c++) {
        z[c] = intercepts[c];
        for (int j = 0; j < x.length; j++) {
          z[c] += coefficients[c][j] * x[j];
        }
      }
      return softmax(z);
    }

    /** As an MLlib pipeline reading {@code featuresCol}, as the distributed meta-learner is saved. */
    @Override
    public PipelineModel asPipeline(String featuresCol) {
      int classes = intercepts.length;
      int k = coefficients[0].length;
      double[] rowMajor = new double[classes * k];
      for (int c = 0; c < classes; c++) {
        System.arraycopy(coefficients[c], 0, rowMajor, c * k, k);
      }
      Transformer lr = new LogisticRegressionModel(Identifiable.randomUID("logreg"),
          new DenseMatrix(classes, k, rowMajor, true), Vectors.dense(intercepts.clone()), classes, true)
          .setFeaturesCol(featuresCol);
      return new PipelineModel(Identifiable.randomUID("pipeline"), new Transformer[] {lr});
    }
  }

  private MulticlassMetaLearner() {}

  /** Whether Newton's method is cheap here: few classes and members, a table of modest size. */
  static boolean fits(int rows, int members, int classes) {
    long p = (long) classes * (members * classes + 1);
    return p <= MAX_PARAMETERS && (double) rows * p * p <= MAX_WORK;
  }

  /**
   * The meta-learner's features of the view's rows, as {@code EnsembleModel.metaFeatures} makes
   * them for a multiclass task: the first {@code members} members' class probabilities, one after another.
   */
  static double[][] features(OofView.Local view, int members) {
    int n = view.labels().length;
    int classes = view.scores()[0][0].length;
    double[][] x = new double[n][members * classes];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < members; j++) {
        System.arraycopy(view.scores()[j][i], 0, x[i], j * classes, classes);
      }
    }
    return x;
  }

  /** Fits rows {@code x[i]} (where {@code use[i]}) with labels 0 .. classes-1 and weights {@code w}. */
  static Fit fit(double[][] x, double[] y, double[] w, boolean[] use, double regParam, int classes) {
    int k = x.length == 0 ? 0 : x[0].length;
    Standardised s = Standardised.of(x, w, use, k);
    int d = k + 1; // the intercept first, then the standardised columns
    int p = classes * d; // parameter (c, r) at c * d + r
    double[] theta = new double[p];
    double[] u = new double[d];
    double last = objective(x, y, w, use, theta, s, regParam, classes, u);
    for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
      double[] g = new double[p];
      double[][] h = new double[p][p];
      for (int i = 0; i < x.length; i++) {
        if (!use[i]) {
          continue;
        }
        s.standardise(x[i], u);
        double[] q = softmax(margins(theta, u, classes));
        double a = w[i] / s.total();
        int yi = (int) y[i];
        for (int c = 0; c < classes; c++) {
          double residual = q[c] - (c == yi ? 1 : 0);
          for (int r = 0; r < d; r++) {
            g[c * d + r] += a * residual * u[r];
          }
          for (int c2 = 0; c2 <= c; c2++) {
            double curvature = a * q[c] * ((c == c2 ? 1 : 0) - q[c2]);
            for (int r = 0; r < d; r++) {
              double cu = curvature * u[r];
              int row = c * d + r;
              for (int r2 = 0; r2 < d; r2++) {
                h[row][c2 * d + r2] += cu * u[r2];
              }
            }
          }
        }
      }
      penalise(g, h, theta, s, regParam, classes, d);
      for (int r = 0; r < p; r++) {
        for (int c = r + 1; c < p; c++) {
          h[r][c] = h[c][r];
        }
      }
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
        value = objective(x, y, w, use, next, s, regParam, classes, u);
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
    return s.original(theta, classes);
  }

  /**
   * The L2 penalty on the standardised coefficients, and (intercepts are free, so the likelihood
   * is flat along a common shift of them) half the squared sum of the intercepts: zero at the
   * optimum, it makes the solution unique and centred, as Spark centres it after its fit.
   */
  private static void penalise(double[] g, double[][] h, double[] theta, Standardised s, double regParam, int classes,
      int d) {
    double interceptSum = 0;
    for (int c = 0; c < classes; c++) {
      interceptSum += theta[c * d];
    }
    for (int c = 0; c < classes; c++) {
      g[c * d] += interceptSum;
      for (int c2 = 0; c2 <= c; c2++) {
        h[c * d][c2 * d] += 1;
      }
      for (int r = 1; r < d; r++) {
        int at = c * d + r;
        g[at] += regParam * theta[at];
        h[at][at] += s.sd()[r - 1] > 0 ? regParam : 1; // a constant column: its coefficients stay 0
      }
    }
  }

  private static double objective(double[][] x, double[] y, double[] w, boolean[] use, double[] theta, Standardised s,
      double regParam, int classes, double[] u) {
    int d = u.length;
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      if (use[i]) {
        s.standardise(x[i], u);
        double[] z = margins(theta, u, classes);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
          sum += Math.exp(v - max);
        }
        loss += w[i] * (max + Math.log(sum) - z[(int) y[i]]);
      }
    }
    double penalty = 0;
    double interceptSum = 0;
    for (int c = 0; c < classes; c++) {
      interceptSum += theta[c * d];
      for (int r = 1; r < d; r++) {
        penalty += theta[c * d + r] * theta[c * d + r];
      }
    }
    return loss / s.total() + regParam / 2 * penalty + interceptSum * interceptSum / 2;
  }

  private static double[] margins(double[] theta, double[] u, int classes) {
    int d = u.length;
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      double v = 0;
      for (int r = 0; r < d; r++) {
        v += theta[c * d + r] * u[r];
      }
      z[c] = v;
    }
    return z;
  }

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] q = new double[z.length];
    for (int c = 0; c < z.length; c++) {
      q[c] = Math.exp(z[c] - max);
      sum += q[c];
    }
    for (int c = 0; c < z.length; c++) {
      q[c] /= sum;
    }
    return q;
  }

  /** The used rows' weighted column means and sample standard deviations, as Spark standardises. */
  private record Standardised(double[] mean, double[] sd, double total) {
    static Standardised of(double[][] x, double[] w, boolean[] use, int k) {
      double total = 0;
      double sumSq = 0;
      double[] mean = new double[k];
      for (int i = 0; i < x.length; i++) {
        if (use[i]) {
          total += w[i];
          sumSq += w[i] * w[i];
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
      double[] sd = new double[k];
      for (int i = 0; i < x.length; i++) {
        if (use[i]) {
          for (int j = 0; j < k; j++) {
            double dev = x[i][j] - mean[j];
            sd[j] += w[i] * dev * dev;
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
      return new Standardised(mean, sd, total);
    }

    void standardise(double[] x, double[] u) {
      u[0] = 1;
      for (int j = 0; j < x.length; j++) {
        u[j + 1] = sd[j] > 0 ? (x[j] - mean[j]) / sd[j] : 0;
      }
    }

    /** Coefficients on the raw columns; the intercepts absorb the centring and are centred again. */
    Fit original(double[] theta, int classes) {
      int k = mean.length;
      int d = k + 1;
      double[][] beta = new double[classes][k];
      double[] intercepts = new double[classes];
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        intercepts[c] = theta[c * d];
        for (int j = 0; j < k; j++) {
          beta[c][j] = sd[j] > 0 ? theta[c * d + j + 1] / sd[j] : 0;
          intercepts[c] -= beta[c][j] * mean[j];
        }
        sum += intercepts[c];
      }
      for (int c = 0; c < classes; c++) {
        intercepts[c] -= sum / classes;
      }
      return new Fit(beta, intercepts);
    }
  }
}
