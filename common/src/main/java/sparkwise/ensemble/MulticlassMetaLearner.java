package sparkwise.ensemble;

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
    Standardised s = Standardised.of(x, w, use);
    int d = k + 1; // per class: the intercept first, then the standardised columns
    double[] u = new double[d];
    double[] theta = Newton.minimize(new Newton.Problem() {
      @Override
      public double objective(double[] t) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
          if (use[i]) {
            s.standardise(x[i], u);
            double[] z = margins(t, u, classes);
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
          interceptSum += t[c * d];
          for (int r = 1; r < d; r++) {
            penalty += t[c * d + r] * t[c * d + r];
          }
        }
        return loss / s.total() + regParam / 2 * penalty + interceptSum * interceptSum / 2;
      }

      @Override
      public void derivatives(double[] t, double[] g, double[][] h) {
        for (int i = 0; i < x.length; i++) {
          if (use[i]) {
            s.standardise(x[i], u);
            addRow(g, h, softmax(margins(t, u, classes)), u, w[i] / s.total(), (int) y[i]);
          }
        }
        penalise(g, h, t, s, regParam, classes, d);
      }
    }, classes * d, TOLERANCE);
    double[][] beta = new double[classes][];
    double[] intercepts = new double[classes];
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      beta[c] = s.raw(theta, c * d);
      intercepts[c] = s.rawIntercept(theta[c * d], beta[c]);
      sum += intercepts[c];
    }
    for (int c = 0; c < classes; c++) { // centred, as Spark returns them
      intercepts[c] -= sum / classes;
    }
    return new Fit(beta, intercepts);
  }

  /** One row's gradient and (lower-triangle) Hessian terms: probabilities {@code q}, features {@code u}, weight {@code a}. */
  private static void addRow(double[] g, double[][] h, double[] q, double[] u, double a, int label) {
    int classes = q.length;
    int d = u.length;
    for (int c = 0; c < classes; c++) {
      double residual = q[c] - (c == label ? 1 : 0);
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
}
