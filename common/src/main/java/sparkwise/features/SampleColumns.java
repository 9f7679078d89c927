package sparkwise.features;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The profile's collected sample, by column: values as objects, as doubles (NaN for null), counts.
 * A NaN or infinite double counts as null, as {@link Cleaning#number} makes it for training: the
 * profile's projection casts numeric columns without cleaning them (on a 5,000-column table the
 * per-column cleaning expressions cost seconds to plan).
 */
final class SampleColumns {
  private final List<Row> rows;
  private final Map<String, Integer> index = new HashMap<>();

  private SampleColumns(List<Row> rows, String[] names) {
    this.rows = rows;
    for (int i = 0; i < names.length; i++) {
      index.put(names[i], i);
    }
  }

  static SampleColumns of(List<Row> rows, String[] names) {
    return new SampleColumns(rows, names);
  }

  long rows() {
    return rows.size();
  }

  Object[] values(String column) {
    int i = index.get(column);
    Object[] out = new Object[rows.size()];
    for (int r = 0; r < out.length; r++) {
      out[r] = value(rows.get(r), i);
    }
    return out;
  }

  private static Object value(Row row, int i) {
    Object v = row.get(i);
    return v instanceof Double d && !Double.isFinite(d) ? null : v;
  }

  double[] doubles(String column) {
    int i = index.get(column);
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) {
      Object v = value(rows.get(r), i);
      out[r] = v instanceof Number n ? n.doubleValue() : v instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
    }
    return out;
  }

  long nonNull(String column) {
    int i = index.get(column);
    return rows.stream().filter(r -> value(r, i) != null).count();
  }

  /** Rows where the boolean column is true. */
  long trues(String column) {
    int i = index.get(column);
    return rows.stream().filter(r -> !r.isNullAt(i) && r.getBoolean(i)).count();
  }

  /** The mean of numeric column {@code column} over the rows where {@code present} is not null. */
  double meanWhere(String column, Object[] present) {
    int i = index.get(column);
    double sum = 0;
    long n = 0;
    for (int r = 0; r < present.length; r++) {
      if (present[r] != null && value(rows.get(r), i) != null) {
        sum += ((Number) rows.get(r).get(i)).doubleValue();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
