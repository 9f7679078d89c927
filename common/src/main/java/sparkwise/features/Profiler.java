package sparkwise.features;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.stddev;

import java.util.ArrayList;
import java.util.List;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Profiles every column in one distributed aggregation: one Spark job, one row of results on the
 * driver, whatever the table's size.
 */
public final class Profiler {
  /** Share of non-null strings that must parse as numbers for a column to count as numeric. */
  static final double NUMERIC_STRING_SHARE = 0.98;
  /** Average tokens per value above which a string column is free text. */
  static final double TEXT_TOKENS = 3.0;

  private Profiler() {}

  /**
   * Profiles {@code columns} of {@code df}. When {@code labelIndexCol} is not null, also the
   * correlation of each numeric column with it (for the leak check).
   */
  public static Profile profile(Dataset<Row> df, List<String> columns, String labelIndexCol) {
    StructType schema = df.schema();
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (String name : columns) {
      StructField f = schema.apply(name);
      DataType t = f.dataType();
      Column c = Cleaning.ref(name);
      if (t instanceof NumericType || t instanceof BooleanType) {
        Column d = Cleaning.number(c, t);
        aggs.add(count(d));
        aggs.add(approx_count_distinct(d, 0.02));
        aggs.add(min(d));
        aggs.add(max(d));
        aggs.add(avg(d));
        aggs.add(stddev(d));
        aggs.add(labelIndexCol == null ? lit(null).cast("double") : corr(d, Cleaning.ref(labelIndexCol)));
      } else if (t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType) {
        Column d = org.apache.spark.sql.functions.unix_seconds(c.cast("timestamp")).cast("double");
        aggs.add(count(c));
        aggs.add(approx_count_distinct(c, 0.02));
        aggs.add(min(d));
        aggs.add(max(d));
      } else if (isUnsupported(t)) {
        aggs.add(count(c));
      } else {
        Column s = Cleaning.text(c);
        Column asNumber = s.try_cast("double");
        aggs.add(count(s));
        aggs.add(approx_count_distinct(s, 0.02));
        aggs.add(count(asNumber));
        aggs.add(avg(size(split(s, "\\s+"))));
        aggs.add(min(asNumber));
        aggs.add(max(asNumber));
        aggs.add(avg(asNumber));
        aggs.add(stddev(asNumber));
      }
    }
    Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).head();
    long rows = r.getLong(0);
    int i = 1;
    List<ColumnProfile> out = new ArrayList<>();
    for (String name : columns) {
      DataType t = schema.apply(name).dataType();
      String type = t.simpleString();
      if (t instanceof NumericType || t instanceof BooleanType) {
        long nonNull = r.getLong(i);
        long distinct = r.getLong(i + 1);
        ColumnKind kind = t instanceof BooleanType ? ColumnKind.BOOLEAN : ColumnKind.NUMERIC;
        out.add(new ColumnProfile(name, type, kind, nonNull, distinct,
            num(r, i + 2), num(r, i + 3), num(r, i + 4), num(r, i + 5), Double.NaN, num(r, i + 6)));
        i += 7;
      } else if (t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType) {
        ColumnKind kind = t instanceof DateType ? ColumnKind.DATE : ColumnKind.TIMESTAMP;
        out.add(new ColumnProfile(name, type, kind, r.getLong(i), r.getLong(i + 1),
            num(r, i + 2), num(r, i + 3), Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        i += 4;
      } else if (isUnsupported(t)) {
        out.add(new ColumnProfile(name, type, ColumnKind.UNSUPPORTED, r.getLong(i), 0,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        i += 1;
      } else {
        long nonNull = r.getLong(i);
        long distinct = r.getLong(i + 1);
        long numeric = r.getLong(i + 2);
        double tokens = num(r, i + 3);
        ColumnKind kind;
        if (nonNull > 0 && numeric >= NUMERIC_STRING_SHARE * nonNull) {
          kind = ColumnKind.NUMERIC_STRING;
        } else if (tokens > TEXT_TOKENS) {
          kind = ColumnKind.TEXT;
        } else {
          kind = ColumnKind.CATEGORICAL;
        }
        boolean numericKind = kind == ColumnKind.NUMERIC_STRING;
        out.add(new ColumnProfile(name, type, kind, nonNull, distinct,
            numericKind ? num(r, i + 4) : Double.NaN, numericKind ? num(r, i + 5) : Double.NaN,
            numericKind ? num(r, i + 6) : Double.NaN, numericKind ? num(r, i + 7) : Double.NaN,
            tokens, Double.NaN));
        i += 8;
      }
    }
    return new Profile(rows, out);
  }

  private static boolean isUnsupported(DataType t) {
    return t instanceof ArrayType || t instanceof MapType || t instanceof BinaryType || t instanceof StructType;
  }

  private static double num(Row r, int i) {
    if (r.isNullAt(i)) {
      return Double.NaN;
    }
    Object v = r.get(i);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
