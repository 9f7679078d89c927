package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM evaluation of a booster gives XGBoost's own margins and predictions, missing values
 * included, and its total gain per feature.
 */
class JvmBoosterTest {
  private static final int ROWS = 600;
  private static final int COLS = 7;

  @ParameterizedTest
  @CsvSource({"binary:logistic,gbtree,1", "multi:softprob,gbtree,1", "reg:squarederror,gbtree,1",
      "binary:logistic,gbtree,4", "binary:logistic,gblinear,1", "multi:softprob,gblinear,1",
      "reg:squarederror,gblinear,1"})
  void marginsAndPredictionsEqualXGBoosts(String objective, String booster, int parallelTrees) throws Exception {
    Random r = new Random(7);
    float[] x = new float[ROWS * COLS];
    float[] y = new float[ROWS];
    for (int i = 0; i < ROWS; i++) {
      float s = 0;
      for (int j = 0; j < COLS; j++) {
        float v = r.nextInt(8) == 0 ? Float.NaN : (float) (r.nextGaussian() * (j + 1));
        x[i * COLS + j] = v;
        s += Float.isNaN(v) ? 0 : v * (j % 3 - 1);
      }
      y[i] = switch (objective) {
        case "multi:softprob" -> s > 1 ? 2 : s > -1 ? 1 : 0;
        case "reg:squarederror" -> 3 * s + 10;
        default -> s > 0.3f ? 1 : 0;
      };
    }
    DMatrix m = new DMatrix(x, ROWS, COLS, Float.NaN);
    m.setLabel(y);
    Map<String, Object> p = new HashMap<>();
    p.put("objective", objective);
    p.put("booster", booster);
    p.put("max_depth", 5);
    p.put("eta", 0.3);
    p.put("nthread", 1);
    p.put("seed", 3);
    if (parallelTrees > 1) {
      p.put("num_parallel_tree", parallelTrees);
      p.put("subsample", 0.7);
      p.put("colsample_bynode", 0.6);
    }
    if (objective.startsWith("multi")) {
      p.put("num_class", 3);
    }
    Booster b = XGBoost.train(m, p, 12, new HashMap<>(), null, null);
    // Both readers: UBJSON read directly, and XGBoost's JSON text (for bytes in other formats).
    for (JvmBooster jvm : List.of(BoosterReader.fromUbj(UbjReader.read(b.toByteArray("ubj"))).orElseThrow(),
        BoosterReader.fromJson(b.toByteArray("json")).orElseThrow())) {
      check(jvm, b, x, objective, booster);
    }
  }

  private static void check(JvmBooster jvm, Booster b, float[] x, String objective, String booster)
      throws Exception {
    float[][] margins = b.predict(new DMatrix(x, ROWS, COLS, Float.NaN), true);
    float[][] predictions = b.predict(new DMatrix(x, ROWS, COLS, Float.NaN));
    double worst = 0;
    for (int i = 0; i < ROWS; i++) {
      double[] row = new double[COLS];
      for (int j = 0; j < COLS; j++) {
        row[j] = x[i * COLS + j];
      }
      float[] jm = jvm.margins(Vectors.dense(row));
      float[] jp = jvm.predictions(jm);
      // a row shorter than the booster's features reads the missing ones as missing
      double[] cut = java.util.Arrays.copyOf(row, COLS - 2);
      double[] unknown = row.clone();
      unknown[COLS - 2] = Double.NaN;
      unknown[COLS - 1] = Double.NaN;
      assertTrue(java.util.Arrays.equals(jvm.margins(Vectors.dense(unknown)), jvm.margins(Vectors.dense(cut))));
      assertEquals(margins[i].length, jm.length);
      for (int g = 0; g < jm.length; g++) {
        worst = Math.max(worst, Math.abs(jm[g] - margins[i][g]) / Math.max(1, Math.abs(margins[i][g])));
        worst = Math.max(worst, Math.abs(jp[g] - predictions[i][g]) / Math.max(1, Math.abs(predictions[i][g])));
      }
    }
    assertTrue(worst < 1e-6, objective + "/" + booster + ": largest relative difference " + worst);

    // The report's importances: each feature's total gain as XGBoost sums it from its model dump.
    if (booster.equals("gblinear")) {
      assertTrue(jvm.totalGain(COLS).isEmpty(), "gblinear has no splits");
      return;
    }
    String[] names = new String[COLS];
    for (int j = 0; j < COLS; j++) {
      names[j] = "f" + j;
    }
    Map<String, Double> xgb = b.getScore(names, "total_gain");
    double[] gain = jvm.totalGain(COLS).orElseThrow();
    for (int j = 0; j < COLS; j++) {
      double expected = xgb.getOrDefault(names[j], 0.0);
      assertEquals(expected, gain[j], 1e-4 * Math.max(1, expected), objective + ": total gain of f" + j);
    }
  }
}
