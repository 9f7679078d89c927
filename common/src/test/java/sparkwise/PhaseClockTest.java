package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PhaseClockTest {
  @Test
  void eachLapClosesThePhaseSinceThePreviousOneAndRepeatsAddUp() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    PhaseClock clock = new PhaseClock(now::get);
    now.addAndGet(2_500_000_000L);
    clock.lap("profile");
    now.addAndGet(10_000_000_000L);
    clock.lap("search");
    now.addAndGet(1_250_000_000L);
    clock.lap("profile");

    ObjectNode summary = new ObjectMapper().createObjectNode();
    clock.writeTo(summary);
    assertEquals("{\"profile\":3.75,\"search\":10.0}", summary.get("phase_seconds").toString());
    assertEquals("profile 3.8s, search 10.0s", clock.toString());
  }
}
