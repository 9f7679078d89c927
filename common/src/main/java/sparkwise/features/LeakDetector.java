package sparkwise.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds columns from which the label is computed, such as {@code label = a + b}: a greedy forward
 * selection over the profile's covariance matrix looks for at most {@link #MAX_COLUMNS} numeric
 * columns that explain the label almost exactly (R² ≥ {@link #R2_LEAK}). No pass over the data:
 * R² of any subset follows from the covariances.
 */
final class LeakDetector {
  static final int MAX_COLUMNS = 3;
  static final double R2_LEAK = 0.999;

  private LeakDetector() {}

  /** The leaking columns with their reason, or an empty list. */
  static List<DroppedColumn> linearCombinations(Profile.Covariance cov, Set<String> excluded) {
    int n = cov.names().size() - 1;
    if (n < 2) {
      return List.of();
    }
    double[][] c = cov.matrix();
    double varY = c[n][n];
    if (!(varY > 0)) {
      return List.of();
    }
    List<Integer> selected = new ArrayList<>();
    double best = 0;
    for (int step = 0; step < MAX_COLUMNS; step++) {
      int pick = -1;
      double pickR2 = best;
      for (int j = 0; j < n; j++) {
        if (selected.contains(j) || excluded.contains(cov.names().get(j)) || !(c[j][j] > 0) || hasNaN(c, j)) {
          continue;
        }
        List<Integer> trial = new ArrayList<>(selected);
        trial.add(j);
        double r2 = r2(c, trial, n, varY);
        if (r2 > pickR2 + 1e-9) {
          pick = j;
          pickR2 = r2;
        }
      }
      if (pick < 0) {
        return List.of();
      }
      selected.add(pick);
      best = pickR2;
      if (best >= R2_LEAK) {
        if (selected.size() == 1) {
          return List.of(); // a single column is the correlation check's business
        }
        List<String> names = selected.stream().map(cov.names()::get).toList();
        String reason = String.format(Locale.ROOT,
            "label leak: the label is a near-exact linear combination of %s (R² = %.4f)", names, best);
        return names.stream().map(name -> new DroppedColumn(name, reason)).toList();
      }
    }
    return List.of();
  }

  private static boolean hasNaN(double[][] c, int j) {
    for (double[] row : c) {
      if (Double.isNaN(row[j])) {
        return true;
      }
    }
    return false;
  }

  /** R² of regressing the label (index y) on columns s: c_sy' C_ss⁻¹ c_sy / var(y). */
  static double r2(double[][] c, List<Integer> s, int y, double varY) {
    int k = s.size();
    double[][] a = new double[k][k + 1];
    double ridge = 1e-12;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        a[i][j] = c[s.get(i)][s.get(j)];
      }
      a[i][i] += ridge * Math.max(1.0, c[s.get(i)][s.get(i)]);
      a[i][k] = c[s.get(i)][y];
    }
    double[] beta = solve(a, k);
    if (beta == null) {
      return 0;
    }
    double explained = 0;
    for (int i = 0; i < k; i++) {
      explained += beta[i] * c[s.get(i)][y];
    }
    return explained / varY;
  }

  /** Gaussian elimination with partial pivoting on an augmented k×(k+1) matrix. */
  private static double[] solve(double[][] a, int k) {
    for (int col = 0; col < k; col++) {
      int piv = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      if (Math.abs(a[piv][col]) < 1e-300) {
        return null;
      }
      double[] t = a[col];
      a[col] = a[piv];
      a[piv] = t;
      for (int r = col + 1; r < k; r++) {
        double f = a[r][col] / a[col][col];
        for (int cc = col; cc <= k; cc++) {
          a[r][cc] -= f * a[col][cc];
        }
      }
    }
    double[] x = new double[k];
    for (int r = k - 1; r >= 0; r--) {
      double s = a[r][k];
      for (int cc = r + 1; cc < k; cc++) {
        s -= a[r][cc] * x[cc];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
