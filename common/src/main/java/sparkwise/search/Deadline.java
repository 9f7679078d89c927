package sparkwise.search;

import java.time.Duration;

/** The wall-clock limits of one run: when to stop starting trials, and when to cut them off. */
public record Deadline(long startMillis, long searchEndMillis, long hardEndMillis) {

  /**
   * Splits a budget: the search gets about 75 %; the rest is kept for refitting the best model on
   * all training rows, the holdout evaluation and saving. Running trials are cut off a little
   * after the search ends.
   */
  public static Deadline of(long startMillis, Duration budget) {
    long b = budget.toMillis();
    long reserve = Math.max(Math.min(10_000, b / 2), b / 4);
    long searchEnd = startMillis + b - reserve;
    return new Deadline(startMillis, searchEnd, searchEnd + reserve / 3);
  }

  public long remainingForSearch(long now) {
    return searchEndMillis - now;
  }

  public double elapsedSeconds(long now) {
    return (now - startMillis) / 1000.0;
  }
}
