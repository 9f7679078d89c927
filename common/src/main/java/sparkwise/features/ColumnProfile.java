package sparkwise.features;

import java.util.List;

/**
 * What one pass over the data says about one column. Numbers are NaN where they do not apply.
 * {@code distinct} is approximate (HyperLogLog, about 2 % error); {@code quantiles} are
 * approximate values at {@link Profiler#QUANTILES} (numeric kinds only); {@code topCategories}
 * are approximate most frequent values with counts (text kinds only).
 */
public record ColumnProfile(
    String name,
    String sparkType,
    ColumnKind kind,
    long nonNull,
    long distinct,
    double min,
    double max,
    double mean,
    double std,
    double avgTokens,
    double labelCorrelation,
    double[] quantiles,
    List<Category> topCategories) {

  /** A frequent value and its approximate count. */
  public record Category(String value, long count) {}

  public ColumnProfile(String name, String sparkType, ColumnKind kind, long nonNull, long distinct, double min,
      double max, double mean, double std, double avgTokens, double labelCorrelation) {
    this(name, sparkType, kind, nonNull, distinct, min, max, mean, std, avgTokens, labelCorrelation,
        new double[0], List.of());
  }

  public double nullFraction(long rows) {
    return rows == 0 ? 0 : 1.0 - (double) nonNull / rows;
  }

  public boolean isNumeric() {
    return kind == ColumnKind.NUMERIC || kind == ColumnKind.NUMERIC_STRING || kind == ColumnKind.BOOLEAN;
  }
}
