package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunClockTest {
  @Test
  void eachLapClosesThePhaseSinceThePreviousOneAndRepeatsAddUp() {
    AtomicLong now = new AtomicLong(1_000_000L);
    RunClock clock = new RunClock(now.get(), 60_000, now::get);
    now.addAndGet(2_500);
    clock.lap("profile");
    now.addAndGet(10_000);
    clock.lap("search");
    now.addAndGet(1_250);
    clock.lap("profile");

    ObjectNode summary = new ObjectMapper().createObjectNode();
    clock.writeTo(summary);
    assertEquals("{\"profile\":3.75,\"search\":10.0}", summary.get("phase_seconds").toString());
    assertEquals("profile 3.8s, search 10.0s", clock.toString());
    assertEquals(60.0, summary.get("budget_seconds").asDouble());
    assertEquals(13.75, summary.get("wall_seconds").asDouble());
    assertEquals(0.0, summary.get("overrun_seconds").asDouble());
  }

  @Test
  void theBudgetCountsFromTheClocksStartAndAnOverrunIsReportedWithTheCuts() {
    AtomicLong now = new AtomicLong(500_000L);
    RunClock clock = new RunClock(now.get() - 8_000, 30_000, now::get); // the process started 8 s earlier
    assertEquals(22.0, clock.remainingSeconds(), 1e-9);
    clock.estimate("refit", 4.25);
    clock.cut("final_fit", "skipped");
    now.addAndGet(25_500);
    clock.lap("search");

    ObjectNode summary = new ObjectMapper().createObjectNode();
    clock.writeTo(summary);
    assertEquals("{\"search\":33.5}", summary.get("phase_seconds").toString());
    assertEquals(3.5, summary.get("overrun_seconds").asDouble(), 1e-9);
    assertEquals(4.25, summary.get("phase_estimates").get("refit").asDouble());
    assertEquals("final_fit", summary.get("cuts").get(0).get("phase").asText());
  }

  @Test
  void aResumedRunStartsItsBudgetWhatEarlierAttemptsUsedAgo() {
    AtomicLong now = new AtomicLong(100_000L);
    RunClock clock = new RunClock(now.get(), 60_000, now::get);
    clock.resumedAfter(45_000);
    assertEquals(15.0, clock.remainingSeconds(), 1e-9);
  }
}
