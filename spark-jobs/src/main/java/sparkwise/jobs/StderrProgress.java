package sparkwise.jobs;

import java.io.PrintWriter;
import sparkwise.Progress;

/** Progress lines on stderr, prefixed so that scheduler logs can grep them. */
final class StderrProgress implements Progress {
  private final PrintWriter err;
  private final boolean quiet;
  private final long start = System.currentTimeMillis();

  StderrProgress(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void phase(String message) {
    if (!quiet) {
      err.printf("[sparkwise %6.1fs] %s%n", (System.currentTimeMillis() - start) / 1000.0, message);
      err.flush();
    }
  }
}
