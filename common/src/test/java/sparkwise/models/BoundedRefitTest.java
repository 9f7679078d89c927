package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A refit's boosting ends at the budget's deadline with the rounds done so far (a valid, smaller
 * model, counted as cut short), and a deadline not reached changes nothing.
 */
class BoundedRefitTest {
  private static XGBoostStage stage() {
    XGBoostStage s = new XGBoostStage().setTask("binary").setNumRound(60);
    s.set(s.seed(), 11L);
    s.set(s.singleNodeMaxBytes(), 64L << 20);
    return s;
  }

  @Test
  void boostingStopsAtThePassedDeadlineAndNotBeforeAFarOne() {
    Dataset<Row> d = XGBoostStageTest.data("binary").repartition(1).cache();
    d.count();
    byte[] free = stage().fit(d).boosterBytes();

    AtomicInteger cut = new AtomicInteger();
    XGBoostStageModel far = RefitDeadline.boundedBy(System.currentTimeMillis() + 3_600_000L, cut, () -> stage().fit(d));
    assertEquals(0, cut.get(), "a deadline an hour away cuts nothing");
    assertArrayEquals(free, far.boosterBytes(), "and leaves the booster as it was");

    XGBoostStageModel past = RefitDeadline.boundedBy(System.currentTimeMillis() - 1, cut, () -> stage().fit(d));
    assertEquals(1, cut.get(), "a deadline already past cuts the booster short");
    assertTrue(past.boosterBytes().length * 10 < free.length,
        "one round instead of 60: " + past.boosterBytes().length + " vs " + free.length + " bytes");
    assertEquals(d.count(), past.transform(d).count(), "and it still scores");
    d.unpersist();
  }

  @Test
  void aFitGivenUpAtItsDeadlineEndsThereWithNothing() {
    Dataset<Row> d = XGBoostStageTest.data("binary").repartition(1).cache();
    d.count();
    byte[] free = stage().fit(d).boosterBytes();
    var far = RefitDeadline.abandonedAt(System.currentTimeMillis() + 3_600_000L, () -> stage().fit(d));
    assertArrayEquals(free, far.orElseThrow().boosterBytes(), "a deadline an hour away changes nothing");

    AtomicInteger after = new AtomicInteger();
    var past = RefitDeadline.abandonedAt(System.currentTimeMillis() - 1, () -> {
      XGBoostStageModel first = stage().fit(d);
      after.incrementAndGet(); // an ensemble's next member, its pipeline put together: never reached
      return first;
    });
    assertTrue(past.isEmpty(), "a deadline already past gives the fit up");
    assertEquals(0, after.get(), "at the booster, not after the rest of the fit");
    d.unpersist();
  }
}
