package sparkwise.ensemble;

/**
 * The used rows' weighted column means and sample standard deviations, as Spark's logistic
 * regression standardises its features (a constant column gets standard deviation 0 and, in the
 * fit, coefficient 0), and their weight total.
 */
record Standardised(double[] mean, double[] sd, double total) {
  static Standardised of(double[][] x, double[] w, boolean[] use) {
    int k = x.length == 0 ? 0 : x[0].length;
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

  /** {@code u}: 1 (the intercept's column), then each column of {@code x} centred and scaled. */
  void standardise(double[] x, double[] u) {
    u[0] = 1;
    for (int j = 0; j < x.length; j++) {
      u[j + 1] = sd[j] > 0 ? (x[j] - mean[j]) / sd[j] : 0;
    }
  }

  /** Coefficients on the raw columns from {@code d = k + 1} standardised ones at {@code theta[from..]}. */
  double[] raw(double[] theta, int from) {
    double[] beta = new double[mean.length];
    for (int j = 0; j < beta.length; j++) {
      beta[j] = sd[j] > 0 ? theta[from + j + 1] / sd[j] : 0;
    }
    return beta;
  }

  /** The intercept on the raw columns: the standardised one less what the centring moved. */
  double rawIntercept(double standardisedIntercept, double[] beta) {
    double intercept = standardisedIntercept;
    for (int j = 0; j < beta.length; j++) {
      intercept -= beta[j] * mean[j];
    }
    return intercept;
  }
}
