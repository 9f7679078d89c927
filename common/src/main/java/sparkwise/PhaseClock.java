package sparkwise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where a run's wall time went: each {@link #lap} closes the phase that ran since the previous lap
 * (the summary's {@code phase_seconds}). Laps with the same name add up.
 */
final class PhaseClock {
  private final LongSupplier nanos;
  private final Map<String, Long> spent = new LinkedHashMap<>();
  private long last;

  PhaseClock() {
    this(System::nanoTime);
  }

  PhaseClock(LongSupplier nanos) {
    this.nanos = nanos;
    this.last = nanos.getAsLong();
  }

  void lap(String phase) {
    long now = nanos.getAsLong();
    spent.merge(phase, now - last, Long::sum);
    last = now;
  }

  /** Writes (or rewrites) {@code phase_seconds} in {@code summary}, phases in the order they first ended. */
  void writeTo(ObjectNode summary) {
    ObjectNode out = summary.putObject("phase_seconds");
    spent.forEach((phase, n) -> out.put(phase, Math.round(n / 1e6) / 1e3));
  }

  /** "profile 12.3s, search 80.1s, …": for the progress output. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    spent.forEach((phase, n) -> b.append(b.length() == 0 ? "" : ", ")
        .append(String.format(java.util.Locale.ROOT, "%s %.1fs", phase, n / 1e9)));
    return b.toString();
  }
}
