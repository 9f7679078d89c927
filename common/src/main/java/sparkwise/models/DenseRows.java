package sparkwise.models;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A table's feature vectors and labels collected into dense float arrays (NaN for missing), with
 * an optional long key per row, bounded in bytes: what a single-node learner trains on. Rows keep
 * the Dataset's order, so a checkpointed or cached table gives the same arrays every time.
 */
public record DenseRows(XGBoostLocal.Matrix x, float[] y, long[] keys) implements Serializable {
  /** Bytes a row of {@code width} features takes here: the floats, the label and a key. */
  public static long bytesPerRow(int width) {
    return 4L * width + 12;
  }

  public int rows() {
    return x.rows();
  }

  /** Classes the labels show (labels are 0, 1, …; at least two): the largest label plus one. */
  public int classes() {
    return classes(y);
  }

  /**
   * Classes of {@code labelCol} by its metadata (a StringIndexer's label), else 0: a sample of rows
   * may miss the rarest class, which has the highest index, and a booster must still predict it.
   */
  public static int labelClasses(Dataset<?> data, String labelCol) {
    var attr = org.apache.spark.ml.attribute.Attribute.fromStructField(data.schema().apply(labelCol));
    if (attr instanceof org.apache.spark.ml.attribute.NominalAttribute n && n.getNumValues().isDefined()) {
      return (Integer) n.getNumValues().get();
    }
    return 0;
  }

  static int classes(float[] labels) {
    float max = 1;
    for (float v : labels) {
      max = Math.max(max, v);
    }
    return (int) max + 1;
  }

  /**
   * The rows of {@code data}, or empty when they would take more than {@code maxBytes}. Reads at
   * most {@code maxBytes} worth of rows, in one bounded collect when the features column's metadata
   * gives the vector's width (as VectorAssembler's does), else after one job for the first row.
   */
  public static Optional<DenseRows> collect(Dataset<?> data, String featuresCol, String labelCol, String keyCol,
      long maxBytes) {
    int width = width(data, featuresCol);
    if (width < 0) {
      return Optional.empty();
    }
    long allowed = maxBytes / bytesPerRow(width);
    if (allowed < 1) {
      return Optional.empty();
    }
    List<Column> cols = new ArrayList<>(List.of(col(featuresCol), col(labelCol).cast("float")));
    if (keyCol != null) {
      cols.add(col(keyCol).cast("long"));
    }
    List<Row> rows = data.select(cols.toArray(Column[]::new)).limit((int) Math.min(Integer.MAX_VALUE - 1, allowed + 1))
        .collectAsList();
    if (rows.isEmpty() || rows.size() > allowed || ((Vector) rows.get(0).get(0)).size() != width) {
      return Optional.empty();
    }
    return Optional.of(of(rows, width, keyCol != null));
  }

  /** Rows with the group (a fold id) each one belongs to, for splitting on the driver. */
  public record Grouped(DenseRows rows, int[] groups) {}

  /**
   * Every row of {@code data} with its {@code keyCol} and int {@code groupCol}, or empty when they
   * would take more than {@code maxBytes}. The rows are counted first (a cheap job: no feature is
   * computed for a count) and then collected in one job over all partitions, where a bounded
   * collect ({@link #collect}) scans one partition before the others.
   */
  public static Optional<Grouped> collectGrouped(Dataset<?> data, String featuresCol, String labelCol, String keyCol,
      String groupCol, long maxBytes) {
    int width = width(data, featuresCol);
    if (width < 0 || data.count() > maxBytes / bytesPerRow(width)) {
      return Optional.empty();
    }
    List<Row> rows = data.select(col(featuresCol), col(labelCol).cast("float"), col(keyCol).cast("long"),
        col(groupCol).cast("int")).collectAsList();
    if (rows.isEmpty() || ((Vector) rows.get(0).get(0)).size() != width) {
      return Optional.empty();
    }
    int[] groups = new int[rows.size()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = rows.get(i).getInt(3);
    }
    return Optional.of(new Grouped(of(rows, width, true), groups));
  }

  /** These rows without their keys. */
  public DenseRows withoutKeys() {
    return new DenseRows(x, y, null);
  }

  /**
   * The width of {@code featuresCol}'s vectors: from the column's metadata (as VectorAssembler's),
   * else from its first row (one job); -1 when there are no rows.
   */
  static int width(Dataset<?> data, String featuresCol) {
    int width = AttributeGroup.fromStructField(data.schema().apply(featuresCol)).size();
    if (width >= 0) {
      return width;
    }
    List<Row> first = data.select(featuresCol).limit(1).collectAsList();
    return first.isEmpty() ? -1 : ((Vector) first.get(0).get(0)).size();
  }

  private static DenseRows of(List<Row> rows, int width, boolean keyed) {
    int n = rows.size();
    float[] values = new float[n * width];
    float[] y = new float[n];
    long[] keys = keyed ? new long[n] : null;
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      // A sparse vector's absent entries are zeros, as in the distributed path (XGBoostStage.dense).
      double[] v = ((Vector) r.get(0)).toArray();
      for (int j = 0; j < width; j++) {
        values[i * width + j] = (float) v[j];
      }
      y[i] = r.getFloat(1);
      if (keyed) {
        keys[i] = r.getLong(2);
      }
    }
    return new DenseRows(new XGBoostLocal.Matrix(values, n, width), y, keys);
  }

  /** The rows at {@code index}, in that order. */
  public DenseRows rows(int[] index) {
    float[] ys = new float[index.length];
    long[] ks = keys == null ? null : new long[index.length];
    for (int i = 0; i < index.length; i++) {
      ys[i] = y[index[i]];
      if (ks != null) {
        ks[i] = keys[index[i]];
      }
    }
    return new DenseRows(x.rows(index), ys, ks);
  }
}
