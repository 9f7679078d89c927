package sparkwise.monitoring;

import java.util.ArrayList;
import java.util.List;
import sparkwise.TrainConfig;
import sparkwise.DriftCheck;

/**
 * Compares a table's feature distributions with the training baseline: population stability
 * index (PSI) over the training bins or categories, the two-sample Kolmogorov–Smirnov distance
 * evaluated at the training quantiles (exact under ties, unlike a one-sample test against a
 * continuous CDF), the share of rows whose category training never saw, and the rise of the
 * null rate.
 */
public final class DriftMonitor {
  /** Floor for empty bins in PSI (the usual convention; keeps the logarithm finite). */
  static final double EPSILON = 1e-4;

  private DriftMonitor() {}

  public static List<DriftCheck> compare(Baseline training, Baseline current, TrainConfig.Monitoring t) {
    List<DriftCheck> checks = new ArrayList<>();
    for (int i = 0; i < training.features().size(); i++) {
      FeatureHistogram a = training.features().get(i);
      FeatureHistogram b = current.features().get(i);
      String f = a.feature();
      if (a.kind().equals(FeatureHistogram.NUMERIC) || a.kind().equals(FeatureHistogram.CATEGORICAL)) {
        if (b.nonNull() > 0 && a.nonNull() > 0) {
          double psi = psi(a.counts(), b.counts());
          checks.add(new DriftCheck(f, DriftCheck.PSI, psi, t.psi(), psi > t.psi()));
        }
      }
      if (a.kind().equals(FeatureHistogram.NUMERIC) && b.nonNull() > 0 && a.nonNull() > 0) {
        double ks = ks(a.counts(), b.counts());
        checks.add(new DriftCheck(f, DriftCheck.KS, ks, t.ks(), ks > t.ks()));
      }
      if (a.kind().equals(FeatureHistogram.CATEGORICAL) && a.closed() && b.nonNull() > 0) {
        double rate = (double) b.counts()[b.newIndex()] / b.rows();
        checks.add(new DriftCheck(f, DriftCheck.NEW_CATEGORY_RATE, rate, t.newCategoryRate(),
            rate > t.newCategoryRate()));
      }
      double rise = b.nullRate() - a.nullRate();
      checks.add(new DriftCheck(f, DriftCheck.NULL_RATE_INCREASE, rise, t.nullRateIncrease(),
          rise > t.nullRateIncrease()));
    }
    return checks;
  }

  /** PSI = Σ (q − p) · ln(q / p) over bins, p the expected (training) and q the actual shares. */
  static double psi(long[] expected, long[] actual) {
    double ne = total(expected);
    double na = total(actual);
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double p = Math.max(expected[i] / ne, EPSILON);
      double q = Math.max(actual[i] / na, EPSILON);
      psi += (q - p) * Math.log(q / p);
    }
    return psi;
  }

  /** The largest gap between the two cumulative distributions at the bin edges. */
  static double ks(long[] expected, long[] actual) {
    double ne = total(expected);
    double na = total(actual);
    double ce = 0;
    double ca = 0;
    double d = 0;
    for (int i = 0; i < expected.length; i++) {
      ce += expected[i];
      ca += actual[i];
      d = Math.max(d, Math.abs(ce / ne - ca / na));
    }
    return d;
  }

  private static double total(long[] c) {
    double s = 0;
    for (long l : c) {
      s += l;
    }
    return s;
  }
}
