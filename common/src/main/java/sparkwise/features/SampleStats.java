package sparkwise.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Statistics of one column's values in the profile's sample, computed on the driver (the sample
 * is bounded by design: {@link Profiler#sampleRows}). Exact on the sample: counts, distinct
 * values, moments, quantiles by nearest rank, the most frequent values.
 */
final class SampleStats {
  private SampleStats() {}

  /** Moments and quantiles of the non-null (non-NaN) values of {@code v}. */
  record Numbers(long n, double min, double max, double mean, double std, double[] quantiles) {
    static Numbers of(double[] v) {
      double[] x = Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray();
      int n = x.length;
      if (n == 0) {
        return new Numbers(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[0]);
      }
      Arrays.sort(x);
      double mean = 0;
      double m2 = 0;
      for (int i = 0; i < n; i++) { // Welford: stable for large values with small spread
        double d = x[i] - mean;
        mean += d / (i + 1);
        m2 += d * (x[i] - mean);
      }
      double[] q = new double[Profiler.QUANTILES.length];
      for (int i = 0; i < q.length; i++) {
        int rank = (int) Math.ceil(Profiler.QUANTILES[i] * n);
        q[i] = x[Math.min(n - 1, Math.max(0, rank - 1))];
      }
      return new Numbers(n, x[0], x[n - 1], mean, n > 1 ? Math.sqrt(m2 / (n - 1)) : Double.NaN, q);
    }
  }

  /** Distinct non-null values of {@code values}. */
  static long distinct(Object[] values) {
    Set<Object> seen = new HashSet<>();
    for (Object o : values) {
      if (o != null) {
        seen.add(o instanceof Double d && d == 0.0 ? 0.0 : o); // -0.0 and 0.0 are one value
      }
    }
    return seen.size();
  }

  /** The {@code k} most frequent non-null values, most frequent first, ties by value. */
  static List<ColumnProfile.Category> top(Object[] values, int k) {
    Map<String, Long> counts = new HashMap<>();
    for (Object o : values) {
      if (o != null) {
        counts.merge(String.valueOf(o), 1L, Long::sum);
      }
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return entries.stream().limit(k).map(e -> new ColumnProfile.Category(e.getKey(), e.getValue())).toList();
  }

  /** Sample covariance over the rows where both are present (NaN when fewer than two). */
  static double covariance(double[] a, double[] b) {
    long n = 0;
    double ma = 0;
    double mb = 0;
    double c = 0;
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
        continue;
      }
      n++;
      double da = a[i] - ma;
      ma += da / n;
      mb += (b[i] - mb) / n;
      c += da * (b[i] - mb);
    }
    return n > 1 ? c / (n - 1) : Double.NaN;
  }

  /** Pearson's r from the pairwise covariance and each column's own deviation; NaN for a constant. */
  static double correlation(double[] a, double[] b) {
    double sa = Numbers.of(a).std();
    double sb = Numbers.of(b).std();
    double r = covariance(a, b) / (sa * sb);
    return Double.isFinite(r) ? r : Double.NaN;
  }
}
