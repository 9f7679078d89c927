package sparkwise;

import java.util.Locale;

/** Where a run reports what it is doing. The CLI prints it to stderr; the API default is silent. */
public interface Progress {
  void phase(String message);

  default void trial(String message) {
    phase(message);
  }

  /** A finished trial with the search's standing; rendered as one text line unless overridden. */
  default void trial(TrialEvent e) {
    trial(e.text());
  }

  /**
   * One trial's end: its result, trials done and planned (0 = as many as the budget allows), the
   * best so far, and the budget's elapsed and remaining seconds.
   */
  record TrialEvent(String trialId, String family, String status, String metric, double value, double std,
      double seconds, String error, int done, int planned, String bestFamily, double best, double elapsed,
      double remaining) {

    public String text() {
      String result = "ok".equals(status)
          ? String.format(Locale.ROOT, "%s=%.4f (±%.4f) %.1fs", metric, value, std, seconds)
              + (error == null ? "" : ", " + error) // what was cut to finish it in time
          : status + ": " + error;
      return String.format(Locale.ROOT, "trial %s %-19s %s | %d%s done, best %s %.4f | %.0fs elapsed, %.0fs left",
          trialId, family, result, done, planned > 0 ? "/" + planned : "", bestFamily == null ? "-" : bestFamily,
          best, elapsed, Math.max(0, remaining));
    }
  }

  Progress SILENT = m -> { };
}
