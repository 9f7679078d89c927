package sparkwise.features;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.covar_samp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.stddev;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import sparkwise.data.Interpreted;

/**
 * Profiles every column from one bounded sample: the table is counted, a seeded sample of at most
 * {@link #sampleRows} rows (the whole table when it is smaller) is cleaned and parsed in one
 * projection and collected, and every statistic is computed on the driver, exactly on the sample:
 * counts, distinct values, moments, quantiles, the most frequent values, each numeric column's
 * correlation with the label and the covariance matrix of the numeric columns and the label.
 * Counts are scaled back to the table and distinct counts extrapolated when it was sampled. The
 * cost is one count and one bounded collect, whatever the table's size; it grows linearly with
 * columns (no aggregate per column or per column pair in a Spark plan).
 */
public final class Profiler {
  /** Share of non-null strings that must parse as numbers for a column to count as numeric. */
  static final double NUMERIC_STRING_SHARE = 0.98;
  /** Average tokens per value above which a string column is free text. */
  static final double TEXT_TOKENS = 3.0;
  /** The probabilities at which numeric quantiles are kept (deciles for drift bins, tails). */
  public static final double[] QUANTILES =
      {0.0, 0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 1.0};
  static final int TOP_CATEGORIES = 20;
  private static final String LABEL = "__profile_label";
  /**
   * At most this many rows are profiled... Kinds, shares, quantiles and correlations are as good
   * from 20,000 rows as from 50,000 (distinct counts are scaled, {@link #scaled}); the collect and
   * the driver's pass are not: adult's profile took 6.0 s on 48,842 rows.
   */
  static final int MAX_SAMPLE_ROWS = 20_000;
  /** ...and at most this many cells (rows × columns), so that wide tables stay bounded too. */
  static final long MAX_SAMPLE_CELLS = 1_000_000;
  private static final long SAMPLE_SEED = 20_251_125L;
  /** Above this many columns the profile's projection is evaluated without generated code. */
  static final int WIDE_COLUMNS = 200;
  /** The covariance matrix is gathered for at most this many numeric columns (it grows as n²). */
  static final int MAX_COVARIANCE_COLUMNS = 60;

  private Profiler() {}

  /** Rows in the profile's sample of a table with {@code columns} columns. */
  static int sampleRows(int columns) {
    return (int) Math.max(500, Math.min(MAX_SAMPLE_ROWS, MAX_SAMPLE_CELLS / Math.max(1, columns)));
  }

  /**
   * Profiles {@code columns} of {@code df}. When {@code labelCol} is not null (a numeric label or
   * label index), also correlations and covariances with it.
   */
  public static Profile profile(Dataset<Row> df, List<String> columns, String labelCol) {
    return profile(df, columns, labelCol, -1);
  }

  /** As {@link #profile(Dataset, List, String)}, for a table of {@code knownRows} rows (negative: counted here). */
  public static Profile profile(Dataset<Row> df, List<String> columns, String labelCol, long knownRows) {
    int n = sampleRows(columns.size() + 1);
    long total = knownRows >= 0 ? knownRows : df.count();
    // The sample (about 1.2 n rows) is cut to its first n in the driver: the same rows as a limit,
    // whose rounds over the partitions were one job each (adult: 2.1 s for two).
    Dataset<Row> sample = total <= n ? df : df.sample(false, Math.min(1.0, 1.2 * n / total), SAMPLE_SEED);
    // Wide tables' projections run interpreted: over a bounded sample, generating and compiling
    // code for thousands of expressions costs far more than evaluating them.
    return columns.size() > WIDE_COLUMNS ? Interpreted.run(df.sparkSession(), () -> profile(sample, n, columns, labelCol, total))
        : profile(sample, n, columns, labelCol, total);
  }

  private static Profile profile(Dataset<Row> df, int n, List<String> columns, String labelCol, long total) {
    StructType schema = df.schema();
    // Each column is cleaned and parsed once, in one projection under positional names.
    List<Column> projected = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String p = "p" + i + "_";
      DataType t = schema.apply(columns.get(i)).dataType();
      Column c = Cleaning.ref(columns.get(i));
      if (t instanceof NumericType || t instanceof BooleanType) {
        projected.add(c.cast("double").as(p + "v")); // non-finite values are nulls in SampleColumns
      } else if (isTemporal(t)) {
        projected.add(c.as(p + "v"));
        projected.add(unix_seconds(c.cast("timestamp")).cast("double").as(p + "secs"));
      } else if (isUnsupported(t)) {
        projected.add(c.isNotNull().as(p + "v"));
      } else {
        projected.add(Cleaning.text(c).as(p + "v"));
        Column s = col(p + "v");
        projected.add(Cleaning.parsedNumber(s).as(p + "num"));
        projected.add(Cleaning.date(s).isNotNull().as(p + "date"));
        projected.add(Cleaning.timestamp(s).isNotNull().as(p + "ts"));
        projected.add(size(split(s, "\\s+")).as(p + "tok"));
      }
    }
    if (labelCol != null) {
      projected.add(Cleaning.ref(labelCol).cast("double").as(LABEL));
    }
    Dataset<Row> clean = df.select(projected.toArray(Column[]::new));
    List<Row> collected = clean.collectAsList();
    SampleColumns sample = SampleColumns.of(collected.size() > n ? collected.subList(0, n) : collected, clean.columns());
    long rows = sample.rows();
    total = Math.max(total, rows);
    double[] label = labelCol == null ? null : sample.doubles(LABEL);
    List<ColumnProfile> out = new ArrayList<>();
    List<String> covNames = new ArrayList<>();
    List<double[]> covValues = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      DataType t = schema.apply(name).dataType();
      ColumnProfile c = read(sample, "p" + i + "_", name, t, label);
      out.add(rows < total && rows > 0 ? scaled(c, rows, total) : c);
      if (label != null && !isText(t) && !isTemporal(t) && !isUnsupported(t)
          && covNames.size() < MAX_COVARIANCE_COLUMNS) {
        covNames.add(name);
        covValues.add(sample.doubles("p" + i + "_v"));
      }
    }
    if (label == null) {
      return new Profile(total, out, Profile.Covariance.none());
    }
    covNames.add(labelCol);
    covValues.add(label);
    double[][] cov = new double[covNames.size()][covNames.size()];
    for (int a = 0; a < covNames.size(); a++) {
      for (int b = a; b < covNames.size(); b++) {
        cov[a][b] = SampleStats.covariance(covValues.get(a), covValues.get(b));
        cov[b][a] = cov[a][b];
      }
    }
    return new Profile(total, out, new Profile.Covariance(List.copyOf(covNames), cov));
  }

  /**
   * A sampled column's counts on the whole table's scale: non-null and category counts scaled by
   * total / sampled rows; distinct counts extrapolated with the share of values the sample saw
   * once per row (all-unique stays all-unique, a 400-level category stays near 400), left as
   * they are when under 5 % of the sampled values are distinct: each level then appears 20 times on
   * average in the sample, which has seen every level that matters (400 cities in 20,000 rows).
   */
  static ColumnProfile scaled(ColumnProfile c, long sampled, long total) {
    double k = (double) total / sampled;
    long nonNull = Math.round(c.nonNull() * k);
    double unique = c.nonNull() == 0 ? 0 : (double) c.distinct() / c.nonNull();
    long distinct = unique < 0.05 ? c.distinct()
        : Math.min(nonNull, Math.round(c.distinct() + unique * (nonNull - c.nonNull())));
    List<ColumnProfile.Category> top = c.topCategories().stream()
        .map(t -> new ColumnProfile.Category(t.value(), Math.round(t.count() * k))).toList();
    return new ColumnProfile(c.name(), c.sparkType(), c.kind(), nonNull, distinct, c.min(), c.max(), c.mean(),
        c.std(), c.avgTokens(), c.labelCorrelation(), c.quantiles(), top);
  }

  private static ColumnProfile read(SampleColumns r, String p, String name, DataType t, double[] label) {
    String type = t.simpleString();
    if (t instanceof NumericType || t instanceof BooleanType) {
      ColumnKind kind = t instanceof BooleanType ? ColumnKind.BOOLEAN : ColumnKind.NUMERIC;
      double[] v = r.doubles(p + "v");
      SampleStats.Numbers x = SampleStats.Numbers.of(v);
      return new ColumnProfile(name, type, kind, x.n(), SampleStats.distinct(r.values(p + "v")), x.min(), x.max(),
          x.mean(), x.std(), Double.NaN, label == null ? Double.NaN : SampleStats.correlation(v, label),
          x.quantiles(), List.of());
    }
    if (isTemporal(t)) {
      ColumnKind kind = t instanceof DateType ? ColumnKind.DATE : ColumnKind.TIMESTAMP;
      SampleStats.Numbers secs = SampleStats.Numbers.of(r.doubles(p + "secs"));
      return new ColumnProfile(name, type, kind, r.nonNull(p + "v"), SampleStats.distinct(r.values(p + "v")),
          secs.min(), secs.max(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    if (isUnsupported(t)) {
      return new ColumnProfile(name, type, ColumnKind.UNSUPPORTED, r.trues(p + "v"), 0,
          Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    Object[] s = r.values(p + "v");
    long nonNull = r.nonNull(p + "v");
    double[] asNumber = r.doubles(p + "num");
    SampleStats.Numbers x = SampleStats.Numbers.of(asNumber);
    double tokens = r.meanWhere(p + "tok", s);
    double share = NUMERIC_STRING_SHARE * nonNull;
    ColumnKind kind = nonNull == 0 ? ColumnKind.CATEGORICAL
        : x.n() >= share ? ColumnKind.NUMERIC_STRING
        : r.trues(p + "date") >= share ? ColumnKind.DATE
        : r.trues(p + "ts") >= share ? ColumnKind.TIMESTAMP
        : tokens > TEXT_TOKENS ? ColumnKind.TEXT
        : ColumnKind.CATEGORICAL;
    boolean numericKind = kind == ColumnKind.NUMERIC_STRING;
    List<ColumnProfile.Category> top = kind == ColumnKind.CATEGORICAL || kind == ColumnKind.TEXT
        ? SampleStats.top(s, TOP_CATEGORIES) : List.of();
    return new ColumnProfile(name, type, kind, nonNull, SampleStats.distinct(s),
        numericKind ? x.min() : Double.NaN, numericKind ? x.max() : Double.NaN,
        numericKind ? x.mean() : Double.NaN, numericKind ? x.std() : Double.NaN,
        tokens, Double.NaN, numericKind ? x.quantiles() : new double[0], top);
  }

  private static boolean isTemporal(DataType t) {
    return t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType;
  }

  private static boolean isText(DataType t) {
    return !(t instanceof NumericType || t instanceof BooleanType);
  }

  private static boolean isUnsupported(DataType t) {
    return t instanceof ArrayType || t instanceof MapType || t instanceof BinaryType || t instanceof StructType;
  }
}
