package sparkwise.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import sparkwise.Progress;

/**
 * Progress on stderr: text lines prefixed {@code [sparkwise 12.3s]} for people, or one JSON object
 * per line ({@code --log-format json}) for schedulers; nothing with {@code --quiet}.
 */
final class StderrProgress implements Progress {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean json;
  /**
   * The prefix's zero: the process's start when launched through {@link Main}, the clock a run's
   * budget counts from, so "[sparkwise 58.0s]" and "60s budget" read on one scale (the command's
   * own start was some 2.5 s later: JVM and Spark start).
   */
  private final long start = Main.processStartMillis != null ? Main.processStartMillis : System.currentTimeMillis();

  StderrProgress(PrintWriter err, CommonOptions options) {
    this.err = err;
    this.quiet = options.quiet;
    this.json = options.logFormat == CommonOptions.LogFormat.json;
  }

  @Override
  public void phase(String message) {
    if (quiet) {
      return;
    }
    if (json) {
      emit(event("phase").put("message", message));
    } else {
      err.printf("[sparkwise %6.1fs] %s%n", seconds(), message);
      err.flush();
    }
  }

  @Override
  public void trial(TrialEvent e) {
    if (quiet) {
      return;
    }
    if (!json) {
      phase(e.text());
      return;
    }
    ObjectNode n = event("trial").put("trial", e.trialId()).put("family", e.family()).put("status", e.status())
        .put("metric", e.metric()).put("seconds", e.seconds()).put("done", e.done()).put("planned", e.planned())
        .put("budget_elapsed_s", e.elapsed()).put("budget_remaining_s", Math.max(0, e.remaining()));
    if ("ok".equals(e.status())) {
      n.put("value", e.value()).put("std", e.std());
    } else {
      n.put("error", e.error());
    }
    if (e.bestFamily() != null) {
      n.put("best_family", e.bestFamily()).put("best", e.best());
    }
    emit(n);
  }

  private ObjectNode event(String kind) {
    return JSON.createObjectNode().put("ts", Instant.now().toString()).put("elapsed_s", Math.round(seconds() * 10) / 10.0)
        .put("event", kind);
  }

  private void emit(ObjectNode n) {
    err.println(n.toString());
    err.flush();
  }

  private double seconds() {
    return (System.currentTimeMillis() - start) / 1000.0;
  }
}
