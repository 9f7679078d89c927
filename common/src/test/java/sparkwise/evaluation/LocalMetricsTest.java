package sparkwise.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.testing.SharedSpark;

/** The driver-side metrics agree with MLlib's evaluators, with and without row weights. */
class LocalMetricsTest {
  private static final StructType SCHEMA = new StructType()
      .add("y", DataTypes.DoubleType).add("prediction", DataTypes.DoubleType)
      .add("rawPrediction", SQLDataTypes.VectorType()).add("probability", SQLDataTypes.VectorType())
      .add("w", DataTypes.DoubleType);

  /** {@code n} rows of {@code k} classes; scores rounded to 2 decimals so that ties occur (and stay under MLlib's 1,000 bins). */
  private static Dataset<Row> predictions(int n, int k, long seed, boolean regression) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double y = r.nextInt(k);
      double[] p = new double[k];
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[c] = Math.round((r.nextDouble() + (c == y ? 0.6 : 0)) * 100) / 100.0 + 0.01;
        sum += p[c];
      }
      int arg = 0;
      for (int c = 0; c < k; c++) {
        p[c] /= sum;
        arg = p[c] > p[arg] ? c : arg;
      }
      double pred = regression ? y + r.nextGaussian() : arg;
      rows.add(RowFactory.create(y, pred, Vectors.dense(p), Vectors.dense(p), 1.0 + r.nextInt(3)));
    }
    return SharedSpark.session().createDataFrame(rows, SCHEMA);
  }

  @SuppressWarnings("unchecked")
  private static double mllib(Metric m, Task task, Dataset<Row> df, boolean weighted) {
    Evaluator e = m.evaluator("y", task);
    if (weighted) {
      e.set((Param<Object>) e.getParam("weightCol"), "w");
    }
    return e.evaluate(df);
  }

  private static void agree(Task task, Dataset<Row> df) {
    df = df.cache();
    LocalMetrics.Scored s = LocalMetrics.collect(df, "y", task);
    double[] w = df.select("w").collectAsList().stream().mapToDouble(x -> x.getDouble(0)).toArray();
    LocalMetrics.Scored weighted = new LocalMetrics.Scored(s.y(), s.prediction(), s.score(), s.probability(), w);
    Map<String, Double> local = LocalMetrics.of(s, task, Metric.reported(task)).orElseThrow();
    for (Metric m : Metric.reported(task)) {
      assertEquals(mllib(m, task, df, false), local.get(m.id()), 1e-9, task + " " + m.id());
      assertEquals(mllib(m, task, df, true), LocalMetrics.compute(m, task, weighted), 1e-9,
          task + " weighted " + m.id());
    }
  }

  @Test
  void binaryMetricsAgreeWithMllib() {
    agree(Task.BINARY, predictions(700, 2, 1, false));
  }

  @Test
  void multiclassMetricsAgreeWithMllib() {
    agree(Task.MULTICLASS, predictions(600, 4, 2, false));
  }

  @Test
  void regressionMetricsAgreeWithMllib() {
    agree(Task.REGRESSION, predictions(500, 5, 3, true));
  }

  @Test
  void aTableWithOneClassIsLeftToMllib() {
    Dataset<Row> df = predictions(50, 2, 4, false).filter("y = 1");
    assertTrue(LocalMetrics.of(LocalMetrics.collect(df, "y", Task.BINARY), Task.BINARY,
        Metric.reported(Task.BINARY)).isEmpty());
  }
}
