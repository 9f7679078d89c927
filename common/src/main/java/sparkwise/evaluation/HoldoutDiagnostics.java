package sparkwise.evaluation;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;
import sparkwise.Task;

/**
 * What the report plots about the holdout predictions, each piece bounded in size whatever the
 * table: ROC and PR curves (binned by MLlib), the confusion matrix, and a sample of
 * (actual, predicted) pairs for regression. Nothing here collects the table.
 */
public final class HoldoutDiagnostics {
  /** Curve points are binned down to about this many by MLlib. */
  static final int CURVE_BINS = 200;
  /** Regression scatter: at most this many (actual, predicted) pairs. */
  static final int SAMPLE_ROWS = 1000;

  private HoldoutDiagnostics() {}

  /** The diagnostics of cached predictions with {@code prediction}, {@code probability} and the label. */
  public static ObjectNode of(Dataset<Row> predictions, String labelCol, Task task, List<String> classes, long seed) {
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("task", task.id());
    long rows = predictions.count();
    out.put("rows", rows);
    if (task == Task.BINARY) {
      curves(predictions, labelCol, out);
    }
    if (task.isClassification()) {
      confusion(predictions, labelCol, classes, out);
    } else {
      regressionSample(predictions, labelCol, rows, seed, out);
    }
    return out;
  }

  /** The same diagnostics from predictions already collected on the driver ({@link LocalMetrics}). */
  public static ObjectNode of(LocalMetrics.Scored s, Task task, List<String> classes) {
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("task", task.id());
    out.put("rows", s.rows());
    int n = s.rows();
    if (task == Task.BINARY) {
      double[] p1 = new double[n];
      for (int i = 0; i < n; i++) {
        p1[i] = s.probability()[i].length > 1 ? s.probability()[i][1] : s.probability()[i][0];
      }
      ArrayNode roc = out.putArray("roc");
      Curves.thin(Curves.roc(p1, s.y(), null), CURVE_BINS).forEach(p -> roc.addArray().add(round(p[0])).add(round(p[1])));
      ArrayNode pr = out.putArray("pr");
      Curves.thin(Curves.pr(p1, s.y(), null), CURVE_BINS).forEach(p -> pr.addArray().add(round(p[0])).add(round(p[1])));
    }
    if (task.isClassification()) {
      int k = classes.size();
      long[][] counts = new long[k][k];
      for (int i = 0; i < n; i++) {
        int a = (int) s.y()[i];
        int b = (int) s.prediction()[i];
        if (a >= 0 && b >= 0 && a < k && b < k) {
          counts[a][b]++;
        }
      }
      putConfusion(out, classes, counts);
    } else {
      ArrayNode a = out.putArray("actual_predicted");
      int step = Math.max(1, (int) Math.ceil((double) n / SAMPLE_ROWS));
      for (int i = 0; i < n; i += step) {
        a.addArray().add(s.y()[i]).add(s.prediction()[i]);
      }
    }
    return out;
  }

  private static void curves(Dataset<Row> predictions, String labelCol, ObjectNode out) {
    Dataset<Row> scored = predictions.select(
        org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1).as("s"),
        col(labelCol).cast("double").as("y"));
    BinaryClassificationMetrics m = new BinaryClassificationMetrics(
        scored.javaRDD().map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd(), CURVE_BINS);
    try {
      points(m.roc().toJavaRDD().collect(), out.putArray("roc"));
      points(m.pr().toJavaRDD().collect(), out.putArray("pr"));
    } finally {
      m.unpersist();
    }
  }

  private static void points(List<Tuple2<Object, Object>> pts, ArrayNode into) {
    for (Tuple2<Object, Object> p : pts) {
      into.addArray().add(round((Double) p._1())).add(round((Double) p._2()));
    }
  }

  private static void confusion(Dataset<Row> predictions, String labelCol, List<String> classes, ObjectNode out) {
    int k = classes.size();
    long[][] counts = new long[k][k];
    for (Row r : predictions.groupBy(col(labelCol).cast("int"), col("prediction").cast("int")).count()
        .collectAsList()) {
      if (!r.isNullAt(0) && !r.isNullAt(1) && r.getInt(0) < k && r.getInt(1) < k) {
        counts[r.getInt(0)][r.getInt(1)] = r.getLong(2);
      }
    }
    putConfusion(out, classes, counts);
  }

  private static void putConfusion(ObjectNode out, List<String> classes, long[][] counts) {
    ObjectNode c = out.putObject("confusion");
    ArrayNode labels = c.putArray("labels");
    classes.forEach(labels::add);
    ArrayNode rowsNode = c.putArray("counts");
    for (long[] row : counts) {
      ArrayNode a = rowsNode.addArray();
      for (long v : row) {
        a.add(v);
      }
    }
  }

  private static void regressionSample(Dataset<Row> predictions, String labelCol, long rows, long seed,
      ObjectNode out) {
    double fraction = rows == 0 ? 1.0 : Math.min(1.0, 1.5 * SAMPLE_ROWS / rows);
    ArrayNode a = out.putArray("actual_predicted");
    for (Row r : predictions.select(col(labelCol).cast("double"), col("prediction").cast("double"))
        .sample(false, fraction, seed).limit(SAMPLE_ROWS).collectAsList()) {
      if (!r.isNullAt(0) && !r.isNullAt(1)) {
        a.addArray().add(r.getDouble(0)).add(r.getDouble(1));
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1e5) / 1e5;
  }
}
