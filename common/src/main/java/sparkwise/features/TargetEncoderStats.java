package sparkwise.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Per (column, category, fold) row counts and label sums from one grouped aggregation, turned into
 * the statistics Spark's {@code TargetEncoderModel} holds: for every category seen, (rows, positives)
 * for a binary target or (rows, mean) for a continuous one, plus the same over all rows under
 * Spark's unseen-category key. One job replaces the k + 1 separate {@code TargetEncoder} fits of
 * out-of-fold encoding; the result bounded by columns × levels × folds, so it is collected.
 */
final class TargetEncoderStats {
  /** Spark's keys ({@code TargetEncoder.UNSEEN_CATEGORY}, {@code NULL_CATEGORY}), private there. */
  static final double UNSEEN = Integer.MAX_VALUE;
  static final double NULL = -1.0;

  /** [column][fold] → category → {rows, label sum}. */
  private final List<Map<Integer, Map<Double, double[]>>> cells;
  private final int folds;

  private TargetEncoderStats(List<Map<Integer, Map<Double, double[]>>> cells, int folds) {
    this.cells = cells;
    this.folds = folds;
  }

  static TargetEncoderStats gather(Dataset<Row> df, String[] inputs, String label, Column fold, int folds) {
    Column y = col(label).cast("double");
    Column[] entries = new Column[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      entries[i] = struct(lit(i).as("c"), coalesce(col(inputs[i]).cast("double"), lit(NULL)).as("v"));
    }
    List<Row> rows = df.filter(y.isNotNull().and(isnan(y).unary_$bang()))
        .select(fold.cast("int").as("f"), y.as("y"), explode(array(entries)).as("e"))
        .groupBy(col("e.c"), col("e.v"), col("f"))
        .agg(count(lit(1)).as("n"), sum("y").as("s"))
        .collectAsList();
    List<Map<Integer, Map<Double, double[]>>> cells = new java.util.ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      cells.add(new HashMap<>());
    }
    for (Row r : rows) {
      cells.get(r.getInt(0)).computeIfAbsent(r.getInt(2), f -> new HashMap<>())
          .put(r.getDouble(1), new double[] {r.getLong(3), r.getDouble(4)});
    }
    return new TargetEncoderStats(cells, folds);
  }

  /**
   * Spark's statistics over every fold but {@code leftOut} (-1: all rows). A category seen only in
   * the left-out fold is absent, so the encoder treats it as unseen, as a fit on those rows would.
   */
  @SuppressWarnings("unchecked")
  scala.collection.immutable.Map<Object, Tuple2<Object, Object>>[] without(int leftOut, boolean binary) {
    scala.collection.immutable.Map<Object, Tuple2<Object, Object>>[] out = new scala.collection.immutable.Map[cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      Map<Double, double[]> sums = new HashMap<>();
      double[] total = new double[2];
      for (int f = 0; f < folds; f++) {
        if (f == leftOut) {
          continue;
        }
        for (Map.Entry<Double, double[]> e : cells.get(i).getOrDefault(f, Map.of()).entrySet()) {
          double[] acc = sums.computeIfAbsent(e.getKey(), c -> new double[2]);
          acc[0] += e.getValue()[0];
          acc[1] += e.getValue()[1];
          total[0] += e.getValue()[0];
          total[1] += e.getValue()[1];
        }
      }
      sums.put(UNSEEN, total);
      Map<Object, Tuple2<Object, Object>> stats = new HashMap<>();
      sums.forEach((category, ns) -> stats.put(category,
          new Tuple2<>(ns[0], binary ? ns[1] : (ns[0] == 0 ? 0.0 : ns[1] / ns[0]))));
      out[i] = scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(stats));
    }
    return out;
  }
}
