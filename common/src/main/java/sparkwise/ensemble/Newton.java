package sparkwise.ensemble;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Newton's method with step halving for the in-memory meta-learners: a smooth convex objective
 * (a log-loss with an L2 penalty) on a few parameters, whose Hessian is dense and small enough to
 * solve directly.
 */
final class Newton {
  private static final int MAX_ITERATIONS = 100;

  /** The objective and its first and second derivatives. */
  interface Problem {
    double objective(double[] theta);

    /** Adds the gradient at {@code theta} to {@code g} and the Hessian's lower triangle to {@code h}. */
    void derivatives(double[] theta, double[] g, double[][] h);
  }

  private Newton() {}

  /** The minimiser from zero, to within {@code tolerance} in every parameter. */
  static double[] minimize(Problem f, int p, double tolerance) {
    double[] theta = new double[p];
    double last = f.objective(theta);
    for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
      double[] g = new double[p];
      double[][] h = new double[p][p];
      f.derivatives(theta, g, h);
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
        value = f.objective(next);
        scale /= 2;
      } while (value > last + 1e-15 && scale > 1e-6);
      double moved = 0;
      for (int r = 0; r < p; r++) {
        moved = Math.max(moved, Math.abs(next[r] - theta[r]));
      }
      theta = next.clone();
      last = value;
      if (moved < tolerance) {
        break;
      }
    }
    return theta;
  }
}
