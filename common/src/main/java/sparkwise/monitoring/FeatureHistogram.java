package sparkwise.monitoring;

import java.util.List;

/**
 * The distribution of one feature as drift checks compare it. Numeric features: counts of the
 * bins {@code (-inf, e0], (e0, e1], ..., (e_last, +inf)} over {@code edges} (the training
 * quantiles). Categorical features: counts of {@code categories} followed by "other" (values
 * outside the kept categories) and "new" (values training never saw, known only when
 * {@code closed}: training's categories were all kept). Other kinds only count nulls.
 */
public record FeatureHistogram(
    String feature,
    String internal,
    String kind,
    double[] edges,
    List<String> categories,
    boolean closed,
    long[] counts,
    long nulls,
    long rows) {

  public static final String NUMERIC = "numeric";
  public static final String CATEGORICAL = "categorical";
  public static final String OTHER = "other";

  public long nonNull() {
    return rows - nulls;
  }

  public double nullRate() {
    return rows == 0 ? 0 : (double) nulls / rows;
  }

  /** Index of the "new categories" count (categorical only). */
  int newIndex() {
    return categories.size() + 1;
  }

  /** The same bins, other counts. */
  FeatureHistogram withCounts(long[] newCounts, long newNulls, long newRows) {
    return new FeatureHistogram(feature, internal, kind, edges, categories, closed, newCounts, newNulls, newRows);
  }
}
