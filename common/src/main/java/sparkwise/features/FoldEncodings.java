package sparkwise.features;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.ml.feature.TargetEncoderModel;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One column's target encodings, as Spark's {@link TargetEncoderModel} computes them from its
 * statistics (a category's mean shrunk towards the overall mean by {@code rows / (rows + smoothing)};
 * unseen categories get the overall mean), for all rows and for each fold's out-of-fold encoder.
 * A row with a training key is encoded by its fold's table, any other row by the all-rows one.
 */
final class FoldEncodings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<Double, Double> all;
  private final Map<Double, Double>[] byFold;

  private FoldEncodings(Map<Double, Double> all, Map<Double, Double>[] byFold) {
    this.all = all;
    this.byFold = byFold;
  }

  @SuppressWarnings("unchecked")
  static FoldEncodings of(TargetEncoderModel all, TargetEncoderModel[] byFold, int column) {
    Map<Double, Double>[] folds = new Map[byFold.length];
    for (int f = 0; f < byFold.length; f++) {
      folds[f] = table(byFold[f], column);
    }
    return new FoldEncodings(table(all, column), folds);
  }

  /** The encoding of {@code category} for a row with training key {@code key} (null: not a training row). */
  Double encode(Long key, Double category) {
    Map<Double, Double> t = key == null ? all : byFold[(int) Math.floorMod(key, (long) byFold.length)];
    Double e = t.get(category == null ? TargetEncoderStats.NULL : category);
    return e != null ? e : t.get(TargetEncoderStats.UNSEEN);
  }

  private static Map<Double, Double> table(TargetEncoderModel m, int column) {
    boolean binary = "binary".equals(m.getTargetType());
    double smoothing = m.getSmoothing();
    Map<Object, Tuple2<Object, Object>> stats = CollectionConverters.asJava(m.stats()[column]);
    Tuple2<Object, Object> global = stats.get(TargetEncoderStats.UNSEEN);
    double globalMean = mean((Double) global._1(), (Double) global._2(), binary);
    Map<Double, Double> out = new HashMap<>();
    stats.forEach((category, s) -> {
      double rows = (Double) s._1();
      double weight = rows / (rows + smoothing);
      out.put((Double) category, weight * mean(rows, (Double) s._2(), binary) + (1 - weight) * globalMean);
    });
    return out;
  }

  /** Binary statistics hold the positives, continuous ones the mean already. */
  private static double mean(double rows, double stat, boolean binary) {
    return binary ? stat / rows : stat;
  }
}
