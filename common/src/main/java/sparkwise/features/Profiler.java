package sparkwise.features;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.corr;
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
import static org.apache.spark.sql.functions.unix_seconds;

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
 * label, in the same pass.
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
  /** The covariance matrix is gathered for at most this many numeric columns (it grows as n²). */
  static final int MAX_COVARIANCE_COLUMNS = 60;

  private Profiler() {}

  /**
   * Profiles {@code columns} of {@code df}. When {@code labelCol} is not null (a numeric label or
   * label index), also correlations and covariances with it.
   */
  public static Profile profile(Dataset<Row> df, List<String> columns, String labelCol) {
    StructType schema = df.schema();
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("rows"));
    List<String> covNames = new ArrayList<>();
    Map<String, Column> numericExprs = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      String p = "p" + i + "_";
      DataType t = schema.apply(name).dataType();
      Column c = Cleaning.ref(name);
      if (t instanceof NumericType || t instanceof BooleanType) {
        Column d = Cleaning.number(c, t);
        numericExprs.put(name, d);
        aggs.add(count(d).as(p + "n"));
        aggs.add(approx_count_distinct(d, 0.02).as(p + "distinct"));
        aggs.add(min(d).as(p + "min"));
        aggs.add(max(d).as(p + "max"));
        aggs.add(avg(d).as(p + "mean"));
        aggs.add(stddev(d).as(p + "std"));
        aggs.add(percentile_approx(d, probabilities(), lit(1000)).as(p + "q"));
        aggs.add(labelCol == null ? lit(null).cast("double").as(p + "corr") : corr(d, Cleaning.ref(labelCol)).as(p + "corr"));
      } else if (isTemporal(t)) {
        Column d = unix_seconds(c.cast("timestamp")).cast("double");
        aggs.add(count(c).as(p + "n"));
        aggs.add(approx_count_distinct(c, 0.02).as(p + "distinct"));
        aggs.add(min(d).as(p + "min"));
        aggs.add(max(d).as(p + "max"));
      } else if (isUnsupported(t)) {
        aggs.add(count(c).as(p + "n"));
      } else {
        Column s = Cleaning.text(c);
        Column asNumber = s.try_cast("double");
        numericExprs.put(name, asNumber);
        aggs.add(count(s).as(p + "n"));
        aggs.add(approx_count_distinct(s, 0.02).as(p + "distinct"));
        aggs.add(count(asNumber).as(p + "numeric"));
        aggs.add(count(Cleaning.date(s)).as(p + "dates"));
        aggs.add(count(Cleaning.timestamp(s)).as(p + "timestamps"));
        aggs.add(avg(size(split(s, "\\s+"))).as(p + "tokens"));
        aggs.add(min(asNumber).as(p + "min"));
        aggs.add(max(asNumber).as(p + "max"));
        aggs.add(avg(asNumber).as(p + "mean"));
        aggs.add(stddev(asNumber).as(p + "std"));
        aggs.add(percentile_approx(asNumber, probabilities(), lit(1000)).as(p + "q"));
        aggs.add(expr("approx_top_k(" + Cleaning.quoted(name) + ", " + TOP_CATEGORIES + ", 10000)").as(p + "top"));
      }
    }
    if (labelCol != null) {
      for (String name : columns) {
        if (numericExprs.containsKey(name) && covNames.size() < MAX_COVARIANCE_COLUMNS
            && !isText(schema.apply(name).dataType())) {
          covNames.add(name);
        }
      }
      numericExprs.put(labelCol, Cleaning.ref(labelCol).cast("double"));
      covNames.add(labelCol);
      for (int a = 0; a < covNames.size(); a++) {
        for (int b = a; b < covNames.size(); b++) {
          aggs.add(covar_samp(numericExprs.get(covNames.get(a)), numericExprs.get(covNames.get(b))).as("cov_" + a + "_" + b));
        }
      }
    }
    Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).head();
    long rows = r.getLong(r.fieldIndex("rows"));
    List<ColumnProfile> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      out.add(read(r, "p" + i + "_", columns.get(i), schema.apply(columns.get(i)).dataType()));
    }
    double[][] cov = new double[covNames.size()][covNames.size()];
    for (int a = 0; a < covNames.size(); a++) {
      for (int b = a; b < covNames.size(); b++) {
        cov[a][b] = num(r, "cov_" + a + "_" + b);
        cov[b][a] = cov[a][b];
      }
    }
    return new Profile(rows, out, new Profile.Covariance(List.copyOf(covNames), cov));
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
