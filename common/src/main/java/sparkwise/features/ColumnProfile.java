package sparkwise.features;

/**
 * What one pass over the data says about one column. Numbers are NaN where they do not apply.
 * {@code distinct} is approximate (HyperLogLog, about 2 % error).
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
    double labelCorrelation) {

  public double nullFraction(long rows) {
    return rows == 0 ? 0 : 1.0 - (double) nonNull / rows;
  }
}
