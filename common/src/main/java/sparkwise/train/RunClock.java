package sparkwise.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The one clock of a run: the budget counts from {@code startMillis} (process start for the CLI,
 * the API call otherwise) to the summary written. Each {@link #lap} closes the phase that ran since
 * the previous lap; phases may carry an estimate made before they started, and whatever the run
 * shortened or skipped to keep the budget is kept as a {@link Cut}.
 */
final class RunClock {
  /** Something the run shortened or skipped to stay inside the budget, and why. */
  record Cut(String phase, String what) {}

  private final LongSupplier millis;
  private final long budgetMillis;
  private long startMillis;
  private long last;
  private final Map<String, Long> spent = new LinkedHashMap<>();
  private final Map<String, Double> estimates = new LinkedHashMap<>();
  private final List<Cut> cuts = new ArrayList<>();

  RunClock(long startMillis, long budgetMillis) {
    this(startMillis, budgetMillis, System::currentTimeMillis);
  }

  RunClock(long startMillis, long budgetMillis, LongSupplier millis) {
    this.millis = millis;
    this.startMillis = startMillis;
    this.budgetMillis = budgetMillis;
    this.last = startMillis;
  }

  /** A resumed run: the budget started {@code usedMillis} before now (what earlier attempts used). */
  synchronized void resumedAfter(long usedMillis) {
    startMillis = millis.getAsLong() - Math.max(0, usedMillis);
  }

  long startMillis() {
    return startMillis;
  }

  long endMillis() {
    return startMillis + budgetMillis;
  }

  long budgetMillis() {
    return budgetMillis;
  }

  long now() {
    return millis.getAsLong();
  }

  /** Budget left, in seconds (negative once over). */
  double remainingSeconds() {
    return (endMillis() - now()) / 1000.0;
  }

  double elapsedSeconds() {
    return (now() - startMillis) / 1000.0;
  }

  synchronized void estimate(String phase, double seconds) {
    estimates.put(phase, Math.round(seconds * 1000) / 1000.0);
  }

  /** A phase's estimate grown by work decided on in it (the evaluation's refit of the best single model). */
  synchronized void addToEstimate(String phase, double seconds) {
    estimates.merge(phase, Math.round(seconds * 1000) / 1000.0, Double::sum);
  }

  synchronized void lap(String phase) {
    long now = millis.getAsLong();
    spent.merge(phase, now - last, Long::sum);
    last = now;
  }

  synchronized void cut(String phase, String what) {
    cuts.add(new Cut(phase, what));
  }

  synchronized List<Cut> cuts() {
    return List.copyOf(cuts);
  }

  /**
   * Writes (or rewrites) {@code phase_seconds}, {@code phase_estimates}, {@code budget_seconds},
   * {@code wall_seconds}, {@code overrun_seconds} and {@code cuts} in {@code summary}.
   */
  synchronized void writeTo(ObjectNode summary) {
    ObjectNode out = summary.putObject("phase_seconds");
    spent.forEach((phase, n) -> out.put(phase, n / 1000.0));
    ObjectNode est = summary.putObject("phase_estimates");
    estimates.forEach(est::put);
    double wall = elapsedSeconds();
    summary.put("budget_seconds", budgetMillis / 1000.0);
    summary.put("wall_seconds", wall);
    summary.put("overrun_seconds", Math.max(0, Math.round((wall - budgetMillis / 1000.0) * 1000) / 1000.0));
    ArrayNode c = summary.putArray("cuts");
    cuts.forEach(x -> c.addObject().put("phase", x.phase()).put("what", x.what()));
  }

  /** "profile 12.3s, search 80.1s, …": for the progress output. */
  @Override
  public synchronized String toString() {
    StringBuilder b = new StringBuilder();
    spent.forEach((phase, n) -> b.append(b.length() == 0 ? "" : ", ")
        .append(String.format(Locale.ROOT, "%s %.1fs", phase, n / 1e3)));
    return b.toString();
  }
}
