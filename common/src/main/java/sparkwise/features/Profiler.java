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

/**
 * Profiles every column in one distributed aggregation: one pass over the data, one row of
 * results on the driver, whatever the table's size. With a label it also gathers each numeric
 * column's correlation with the label and the covariance matrix of the numeric columns and the
 * label, in the same pass. Tables over {@link #SAMPLE_ROWS} rows are counted exactly and profiled
 * on a seeded sample of about that many rows (counts scaled back, distinct counts extrapolated
 * for high-cardinality columns): the statistics a plan needs are as good, and the cost stops
 * growing with the table.
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
  static final long SMALL_INPUT_BYTES = 4L << 20;
  static final int SMALL_INPUT_ROWS = 40_000;
  /** Tables larger than this are profiled on a sample of about this many rows. */
  static final long SAMPLE_ROWS = 200_000;
  private static final long SAMPLE_SEED = 20_251_125L;
  /** Inputs estimated under this size are profiled whole without counting them first. */
  static final long SAMPLE_ABOVE_BYTES = 32L << 20;
  private static final String CODEGEN_FACTORY = "spark.sql.codegen.factoryMode";
  /** The covariance matrix is gathered for at most this many numeric columns (it grows as n²). */
  static final int MAX_COVARIANCE_COLUMNS = 60;

  private Profiler() {}

  /**
   * Profiles {@code columns} of {@code df}. When {@code labelCol} is not null (a numeric label or
   * label index), also correlations and covariances with it.
   */
  public static Profile profile(Dataset<Row> df, List<String> columns, String labelCol) {
    // Small inputs (by the plan's size estimate) are profiled whole in one pass; larger ones are
    // counted first (Parquet and Delta answer from metadata) and sampled when over SAMPLE_ROWS.
    // Interpreted evaluation only for tables of a few tens of thousands of rows, checked by rows:
    // a gzip CSV's size estimate is its compressed size.
    long bytes = estimatedBytes(df);
    if (bytes <= SAMPLE_ABOVE_BYTES) {
      boolean small = bytes <= SMALL_INPUT_BYTES && df.limit(SMALL_INPUT_ROWS + 1).count() <= SMALL_INPUT_ROWS;
      return profile(df, columns, labelCol, -1, small);
    }
    long total = df.count();
    if (total <= SAMPLE_ROWS) {
      return profile(df, columns, labelCol, total, false);
    }
    return profile(df.sample(false, (double) SAMPLE_ROWS / total, SAMPLE_SEED), columns, labelCol, total, false);
  }

  private static long estimatedBytes(Dataset<Row> df) {
    scala.math.BigInt size = df.queryExecution().optimizedPlan().stats().sizeInBytes();
    return size.isValidLong() ? size.longValue() : Long.MAX_VALUE;
  }

  /** {@code total}: the table's row count when {@code df} is a sample of it, else -1. */
  private static Profile profile(Dataset<Row> df, List<String> columns, String labelCol, long total, boolean small) {
    StructType schema = df.schema();
    // Each column is cleaned and parsed once, in one projection under positional names; the
    // aggregation then reads plain columns. (Repeating the cleaning expressions inside hundreds of
    // aggregates makes the plan, and its planning time, explode on wide tables.)
    List<Column> projected = new ArrayList<>();
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("rows"));
    List<String> covNames = new ArrayList<>();
    Map<String, Column> numericValues = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      String p = "p" + i + "_";
      DataType t = schema.apply(name).dataType();
      Column c = Cleaning.ref(name);
      if (t instanceof NumericType || t instanceof BooleanType) {
        projected.add(Cleaning.number(c, t).as(p + "v"));
        Column d = col(p + "v");
        numericValues.put(name, d);
        aggs.add(count(d).as(p + "n"));
        aggs.add(approx_count_distinct(d, 0.02).as(p + "distinct"));
        aggs.add(min(d).as(p + "min"));
        aggs.add(max(d).as(p + "max"));
        aggs.add(avg(d).as(p + "mean"));
        aggs.add(stddev(d).as(p + "std"));
        aggs.add(percentile_approx(d, probabilities(), lit(1000)).as(p + "q"));
        // Pearson's r as covariance over the product of deviations: Spark's corr() divides by a
        // zero deviation (a constant column) and, under ANSI mode with code generation, throws.
        aggs.add(labelCol == null ? lit(null).cast("double").as(p + "corr")
            : try_divide(covar_samp(d, col(LABEL)), stddev_samp(d).multiply(stddev_samp(col(LABEL)))).as(p + "corr"));
      } else if (isTemporal(t)) {
        projected.add(c.as(p + "v"));
        projected.add(unix_seconds(c.cast("timestamp")).cast("double").as(p + "secs"));
        aggs.add(count(col(p + "v")).as(p + "n"));
        aggs.add(approx_count_distinct(col(p + "v"), 0.02).as(p + "distinct"));
        aggs.add(min(col(p + "secs")).as(p + "min"));
        aggs.add(max(col(p + "secs")).as(p + "max"));
      } else if (isUnsupported(t)) {
        projected.add(c.isNotNull().as(p + "v"));
        aggs.add(count(when(col(p + "v"), 1)).as(p + "n"));
      } else {
        projected.add(Cleaning.text(c).as(p + "v"));
        Column s = col(p + "v");
        projected.add(s.try_cast("double").as(p + "num"));
        projected.add(Cleaning.date(s).as(p + "date"));
        projected.add(Cleaning.timestamp(s).as(p + "ts"));
        projected.add(size(split(s, "\\s+")).as(p + "tok"));
        Column asNumber = col(p + "num");
        numericValues.put(name, asNumber);
        aggs.add(count(s).as(p + "n"));
        aggs.add(approx_count_distinct(s, 0.02).as(p + "distinct"));
        aggs.add(count(asNumber).as(p + "numeric"));
        aggs.add(count(col(p + "date")).as(p + "dates"));
        aggs.add(count(col(p + "ts")).as(p + "timestamps"));
        aggs.add(avg(when(s.isNotNull(), col(p + "tok"))).as(p + "tokens"));
        aggs.add(min(asNumber).as(p + "min"));
        aggs.add(max(asNumber).as(p + "max"));
        aggs.add(avg(asNumber).as(p + "mean"));
        aggs.add(stddev(asNumber).as(p + "std"));
        aggs.add(percentile_approx(asNumber, probabilities(), lit(1000)).as(p + "q"));
        aggs.add(expr("approx_top_k(" + p + "v, " + TOP_CATEGORIES + ", 10000)").as(p + "top"));
      }
    }
    if (labelCol != null) {
      projected.add(Cleaning.ref(labelCol).cast("double").as(LABEL));
      for (String name : columns) {
        if (numericValues.containsKey(name) && covNames.size() < MAX_COVARIANCE_COLUMNS
            && !isText(schema.apply(name).dataType())) {
          covNames.add(name);
        }
      }
      numericValues.put(labelCol, col(LABEL));
      covNames.add(labelCol);
      for (int a = 0; a < covNames.size(); a++) {
        for (int b = a; b < covNames.size(); b++) {
          aggs.add(covar_samp(numericValues.get(covNames.get(a)), numericValues.get(covNames.get(b))).as("cov_" + a + "_" + b));
        }
      }
    }
    Dataset<Row> clean = projected.isEmpty() ? df : df.select(projected.toArray(Column[]::new));
    java.util.function.Supplier<Row> agg = () -> clean.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).head();
    Row r = small ? interpreted(df, agg) : agg.get();
    long rows = r.getLong(r.fieldIndex("rows"));
    total = total < 0 ? rows : total;
    List<ColumnProfile> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnProfile c = read(r, "p" + i + "_", columns.get(i), schema.apply(columns.get(i)).dataType());
      out.add(rows < total && rows > 0 ? scaled(c, rows, total) : c);
    }
    double[][] cov = new double[covNames.size()][covNames.size()];
    for (int a = 0; a < covNames.size(); a++) {
      for (int b = a; b < covNames.size(); b++) {
        cov[a][b] = num(r, "cov_" + a + "_" + b);
        cov[b][a] = cov[a][b];
      }
    }
    return new Profile(total, out, new Profile.Covariance(List.copyOf(covNames), cov));
  }

  /**
   * A sampled column's counts on the whole table's scale: non-null and category counts scaled by
   * total / sampled rows; distinct counts extrapolated with the share of values the sample saw
   * once per row (all-unique stays all-unique, a 400-level category stays near 400), left as
   * they are when under 1 % of the sampled values are distinct (the sample saw every level that matters).
   */
  static ColumnProfile scaled(ColumnProfile c, long sampled, long total) {
    double k = (double) total / sampled;
    long nonNull = Math.round(c.nonNull() * k);
    double unique = c.nonNull() == 0 ? 0 : (double) c.distinct() / c.nonNull();
    long distinct = unique < 0.01 ? c.distinct()
        : Math.min(nonNull, Math.round(c.distinct() + unique * (nonNull - c.nonNull())));
    List<ColumnProfile.Category> top = c.topCategories().stream()
        .map(t -> new ColumnProfile.Category(t.value(), Math.round(t.count() * k))).toList();
    return new ColumnProfile(c.name(), c.sparkType(), c.kind(), nonNull, distinct, c.min(), c.max(), c.mean(),
        c.std(), c.avgTokens(), c.labelCorrelation(), c.quantiles(), top);
  }

  private static ColumnProfile read(Row r, String p, String name, DataType t) {
    String type = t.simpleString();
    long nonNull = r.getLong(r.fieldIndex(p + "n"));
    if (t instanceof NumericType || t instanceof BooleanType) {
      ColumnKind kind = t instanceof BooleanType ? ColumnKind.BOOLEAN : ColumnKind.NUMERIC;
      return new ColumnProfile(name, type, kind, nonNull, r.getLong(r.fieldIndex(p + "distinct")),
          num(r, p + "min"), num(r, p + "max"), num(r, p + "mean"), num(r, p + "std"), Double.NaN,
          num(r, p + "corr"), quantiles(r, p + "q"), List.of());
    }
    if (isTemporal(t)) {
      ColumnKind kind = t instanceof DateType ? ColumnKind.DATE : ColumnKind.TIMESTAMP;
      return new ColumnProfile(name, type, kind, nonNull, r.getLong(r.fieldIndex(p + "distinct")),
          num(r, p + "min"), num(r, p + "max"), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    if (isUnsupported(t)) {
      return new ColumnProfile(name, type, ColumnKind.UNSUPPORTED, nonNull, 0,
          Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long numeric = r.getLong(r.fieldIndex(p + "numeric"));
    double tokens = num(r, p + "tokens");
    long dates = r.getLong(r.fieldIndex(p + "dates"));
    long timestamps = r.getLong(r.fieldIndex(p + "timestamps"));
    double share = NUMERIC_STRING_SHARE * nonNull;
    ColumnKind kind = nonNull == 0 ? ColumnKind.CATEGORICAL
        : numeric >= share ? ColumnKind.NUMERIC_STRING
        : dates >= share ? ColumnKind.DATE
        : timestamps >= share ? ColumnKind.TIMESTAMP
        : tokens > TEXT_TOKENS ? ColumnKind.TEXT
        : ColumnKind.CATEGORICAL;
    boolean numericKind = kind == ColumnKind.NUMERIC_STRING;
    List<ColumnProfile.Category> top = new ArrayList<>();
    if (kind == ColumnKind.CATEGORICAL || kind == ColumnKind.TEXT) {
      List<Row> items = r.getList(r.fieldIndex(p + "top"));
      for (Row item : items) {
        if (item.get(0) != null) {
          top.add(new ColumnProfile.Category(String.valueOf(item.get(0)), ((Number) item.get(1)).longValue()));
        }
      }
    }
    return new ColumnProfile(name, type, kind, nonNull, r.getLong(r.fieldIndex(p + "distinct")),
        numericKind ? num(r, p + "min") : Double.NaN, numericKind ? num(r, p + "max") : Double.NaN,
        numericKind ? num(r, p + "mean") : Double.NaN, numericKind ? num(r, p + "std") : Double.NaN,
        tokens, Double.NaN, numericKind ? quantiles(r, p + "q") : new double[0], top);
  }

  /**
   * Runs the aggregation interpreted: on small inputs generating and compiling code for hundreds
   * of aggregates costs far more than interpreting them (measured 17 s against 6 s on a 1,460-row,
   * 81-column table); on large ones interpreting costs far more (70 s of CPU at 300k rows).
   */
  static <T> T interpreted(Dataset<Row> df, java.util.function.Supplier<T> action) {
    var conf = df.sparkSession().conf();
    String before = conf.get(CODEGEN_FACTORY, "FALLBACK");
    conf.set(CODEGEN_FACTORY, "NO_CODEGEN");
    try {
      return action.get();
    } finally {
      conf.set(CODEGEN_FACTORY, before);
    }
  }

  private static Column probabilities() {
    return org.apache.spark.sql.functions.array(
        java.util.Arrays.stream(QUANTILES).mapToObj(q -> lit(q)).toArray(Column[]::new));
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

  private static double[] quantiles(Row r, String field) {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) {
      return new double[0];
    }
    List<Object> values = r.getList(i);
    double[] out = new double[values.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = values.get(k) == null ? Double.NaN : ((Number) values.get(k)).doubleValue();
    }
    return out;
  }

  private static double num(Row r, String field) {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) {
      return Double.NaN;
    }
    Object v = r.get(i);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
