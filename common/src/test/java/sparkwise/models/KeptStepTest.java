package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

/**
 * A refit whose deadline cuts its boosting short makes up the plan's step in the rounds it has:
 * kddcup99 at 60 s got one round of 600 at eta 0.02 and predicted the majority class for every row.
 */
class KeptStepTest {
  private static final int ROWS = 2_000;

  /** 80 % negatives; the label is x0 > 0.8, which one tree of depth 3 finds. */
  private static XGBoostLocal.Matrix x(float[] y) {
    Random r = new Random(3);
    float[] v = new float[ROWS * 2];
    for (int i = 0; i < ROWS; i++) {
      v[2 * i] = r.nextFloat();
      v[2 * i + 1] = r.nextFloat();
      y[i] = v[2 * i] > 0.8f ? 1 : 0;
    }
    return new XGBoostLocal.Matrix(v, ROWS, 2);
  }

  private static XGBoostLocal.Spec slow() {
    return new XGBoostLocal.Spec(Map.of("objective", "binary:logistic", "booster", "gbtree", "eta", 0.02,
        "max_depth", 3, "seed", 1, "tree_method", "hist", "nthread", 1, "verbosity", 0), 600);
  }

  private static double accuracy(Booster b, XGBoostLocal.Matrix x, float[] y) {
    float[][] p = XGBoostLocal.predict(b, x);
    int right = 0;
    for (int i = 0; i < y.length; i++) {
      right += (p[i][0] > 0.5f ? 1 : 0) == (int) y[i] ? 1 : 0;
    }
    b.dispose();
    return right / (double) y.length;
  }

  @Test
  void aRefitLeftOneRoundStillLearnsWhatThePlanWould() {
    float[] y = new float[ROWS];
    XGBoostLocal.Matrix x = x(y);
    long past = System.currentTimeMillis() - 1;
    AtomicInteger cut = new AtomicInteger();
    double kept = accuracy(XGBoostLocal.train(x, y, slow(), () -> false,
        new RefitDeadline.Bound(past, cut, false)), x, y);
    assertEquals(1, cut.get(), "the deadline cut the refit to its first round");
    assertTrue(kept > 0.95, "one round at a rate making up the step separates the classes: " + kept);

    // The mechanism switched off: the same single round at the plan's rate is the prior.
    XGBoostLocal.Trained plain = XGBoostLocal.trainUntil(x, y, slow(), () -> false, past, false);
    assertEquals(1, plain.rounds());
    assertEquals(0.8, accuracy(plain.booster(), x, y), 0.03, "one round at eta 0.02 predicts the majority");
  }

  @Test
  void theRateRisesOnlyWhenTheRoundsLeftDoNotFit() {
    KeptStep s = new KeptStep(0.02, 600);
    assertEquals(0.02, s.rate(0, 0, 0, 10_000), 1e-12, "round 0 cannot know its cost: the plan's rate");
    // Round 0 took 10 ms: 599 more rounds need ~6 s, and 10 s are left.
    assertEquals(0.02, s.rate(1, 0, 10, 10_000), 1e-12);
    KeptStep late = new KeptStep(0.02, 600);
    late.rate(0, 0, 0, 10_000);
    // Round 0 took 5 s, with 5 s left: one more round fits, and takes what the other 599 owed, up to the cap.
    assertEquals(KeptStep.MAX_ETA, late.rate(1, 0, 5_000, 10_000), 1e-12);
    KeptStep some = new KeptStep(0.01, 100);
    some.rate(0, 0, 0, 200);
    // Round 0 took 10 ms: 19 of the 99 rounds left fit by 200 ms and share the 0.99 still owed...
    assertEquals(0.99 / 19, some.rate(1, 0, 10, 200), 1e-9);
    // ...and at a steady pace the rate stays: at 20 ms, 18 rounds share what is still owed.
    assertEquals(0.99 / 19, some.rate(2, 0, 20, 200), 1e-9);
    assertEquals(KeptStep.MAX_ETA, new KeptStep(0.02, 600).rate(0, 0, 5, 5), 1e-12,
        "a deadline passed before round 0: that round is the only one");
  }
}
