package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

/**
 * Early stopping of a single-node fit: on noisy rows boosting ends long before the rounds asked
 * for, the booster's best rounds predict exactly as a booster trained for just those rounds, and
 * they score the validation rows better than all the rounds would have.
 */
class EarlyStoppingTest {
  private static final int COLS = 5;

  /** Rows whose label is the first feature's sign, flipped for a third of them: easy to overfit. */
  private static XGBoostLocal.Matrix rows(int n, long seed, float[] labels) {
    Random r = new Random(seed);
    float[] v = new float[n * COLS];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < COLS; j++) {
        v[i * COLS + j] = (float) r.nextGaussian();
      }
      labels[i] = (v[i * COLS] > 0) != (r.nextDouble() < 0.33) ? 1f : 0f;
    }
    return new XGBoostLocal.Matrix(v, n, COLS);
  }

  private static XGBoostLocal.Spec spec(int rounds) {
    Map<String, Object> p = new HashMap<>(Map.of("objective", "binary:logistic", "booster", "gbtree", "max_depth", 6,
        "eta", 0.3, "seed", 3L, "tree_method", "hist", "nthread", 1, "verbosity", 0));
    return new XGBoostLocal.Spec(p, rounds);
  }

  private static double logloss(float[][] p, float[] y) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i][0]));
      s -= y[i] == 1f ? Math.log(q) : Math.log(1 - q);
    }
    return s / y.length;
  }

  @Test
  void boostingStopsOnAPlateauAndItsBestRoundsAreABoosterOfTheirOwn() throws Exception {
    float[] y = new float[800];
    float[] vy = new float[400];
    XGBoostLocal.Matrix x = rows(800, 1, y);
    XGBoostLocal.Matrix vx = rows(400, 2, vy);
    XGBoostLocal.EarlyStopped early = XGBoostLocal.trainEarlyStopping(x, y, vx, vy, spec(500), () -> false);
    Booster all = XGBoostLocal.train(x, y, spec(500), () -> false);
    try {
      int best = early.bestRounds();
      int patience = XGBoostLocal.patience(500);
      assertTrue(best >= 1 && best < 200, "best rounds on noisy rows: " + best);
      assertEquals(best + patience, early.booster().getNumBoostedRound(),
          "boosting ended " + patience + " rounds after the best one, not at 500");
      Booster justBest = XGBoostLocal.train(x, y, spec(best), () -> false);
      try {
        assertArrayEquals(flat(XGBoostLocal.predict(justBest, vx)), flat(XGBoostLocal.predict(early.booster(), vx, best)),
            1e-6f, "the booster's first best rounds are the booster of best rounds");
      } finally {
        justBest.dispose();
      }
      double stopped = logloss(XGBoostLocal.predict(early.booster(), vx, best), vy);
      double full = logloss(XGBoostLocal.predict(all, vx), vy);
      assertTrue(stopped < full, "validation log loss at the best round " + stopped + " vs after 500 rounds " + full);
    } finally {
      early.booster().dispose();
      all.dispose();
    }
  }

  /**
   * A time limit ends boosting with a model, not an exception: the rounds boosted by then, the
   * last of them measured on the validation rows (stumps at a tiny learning rate keep the loss
   * falling, so only the clock can end these million rounds).
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aTimeLimitEndsBoostingWithTheRoundsBoostedByThen() throws Exception {
    float[] y = new float[800];
    float[] vy = new float[400];
    XGBoostLocal.Matrix x = rows(800, 1, y);
    XGBoostLocal.Matrix vx = rows(400, 2, vy);
    XGBoostLocal.Spec slow = spec(1_000_000);
    Map<String, Object> p = new HashMap<>(slow.params());
    p.put("eta", 1e-4);
    p.put("max_depth", 1); // the first feature's stump, the signal: nothing to overfit
    slow = new XGBoostLocal.Spec(p, 1_000_000);

    long start = System.currentTimeMillis();
    XGBoostLocal.EarlyStopped early = XGBoostLocal.trainEarlyStopping(x, y, vx, vy, slow, () -> false, start + 500);
    try {
      int boosted = early.booster().getNumBoostedRound();
      assertTrue(early.cut(), "the clock ended it");
      assertTrue(boosted > 1 && boosted < 1_000_000, boosted + " rounds");
      assertTrue(early.bestRounds() >= boosted - XGBoostLocal.patience(1_000_000) / 5 && early.bestRounds() <= boosted,
          "the best of the rounds boosted, the last measured: " + early.bestRounds() + " of " + boosted);
      assertTrue(System.currentTimeMillis() - start < 10_000, "ended near its limit");
    } finally {
      early.booster().dispose();
    }
    XGBoostLocal.Trained past = XGBoostLocal.trainUntil(x, y, slow, () -> false, start);
    try {
      assertTrue(past.cut());
      assertEquals(1, past.rounds(), "a limit already past still boosts one round: a model, not none");
      assertEquals(1, past.booster().getNumBoostedRound());
    } finally {
      past.booster().dispose();
    }
    XGBoostLocal.Trained free = XGBoostLocal.trainUntil(x, y, spec(20), () -> false, Long.MAX_VALUE);
    try {
      assertTrue(!free.cut());
      assertEquals(20, free.rounds());
    } finally {
      free.booster().dispose();
    }
  }

  @Test
  void forestsAndLinearBoostersAndShortFitsDoNotStopEarly() {
    assertTrue(XGBoostLocal.stopsEarly(spec(100)));
    assertTrue(!XGBoostLocal.stopsEarly(spec(10)), "ten rounds: nothing to save");
    XGBoostLocal.Spec linear = spec(100);
    Map<String, Object> p = new HashMap<>(linear.params());
    p.put("booster", "gblinear");
    assertTrue(!XGBoostLocal.stopsEarly(new XGBoostLocal.Spec(p, 100)));
    assertEquals(10, XGBoostLocal.patience(50));
    assertEquals(30, XGBoostLocal.patience(300));
    assertEquals(50, XGBoostLocal.patience(2_000));
  }

  private static float[] flat(float[][] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i][0];
    }
    return out;
  }
}
