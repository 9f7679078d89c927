package sparkwise.models;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The deadline of a refit's boosting: every single-node booster a fit trains on this thread (and
 * the threads it starts) ends by it, keeping its rounds ({@link #boundedBy}) or giving the whole
 * fit up ({@link #abandonedAt}).
 */
public final class RefitDeadline {
  private RefitDeadline() {}

  /**
   * The wall time by which refits' boosting on this thread (and the threads it starts, such as an
   * ensemble's member fits) ends, keeping the rounds done; and how many fits it cut short.
   */
  record Bound(long stopAtMillis, AtomicInteger cut, boolean abandon) {}

  private static final InheritableThreadLocal<Bound> BOUND = new InheritableThreadLocal<>();

  /**
   * Runs {@code fit} with every single-node booster trained in it stopping by {@code stopAtMillis}
   * (after at least one round), so that a refit whose estimate was short still ends in the
   * budget, with fewer rounds at a larger rate ({@link KeptStep}); {@code cut} counts the boosters
   * so stopped.
   */
  public static <T> T boundedBy(long stopAtMillis, AtomicInteger cut, Supplier<T> fit) {
    Bound previous = BOUND.get();
    BOUND.set(new Bound(stopAtMillis, cut, false));
    try {
      return fit.get();
    } finally {
      BOUND.set(previous);
    }
  }

  /**
   * Runs {@code fit} unless a single-node booster in it reaches {@code stopAtMillis}: then the whole
   * fit is given up at once (empty). For a fit thrown away when cut (the final fit on all rows):
   * finishing it cost 1.3-2.3 s past the deadline on 500 × 5,000 at 60 s (the other members).
   */
  public static <T> Optional<T> abandonedAt(long stopAtMillis, Supplier<T> fit) {
    Bound previous = BOUND.get();
    BOUND.set(new Bound(stopAtMillis, new AtomicInteger(), true));
    try {
      return Optional.of(fit.get());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof Abandoned) {
          return Optional.empty();
        }
      }
      throw e;
    } finally {
      BOUND.set(previous);
    }
  }

  /** Thrown by a booster whose {@link #abandonedAt} deadline came: the fit it belongs to is given up. */
  static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("the fit was given up at its deadline", null, false, false);
    }
  }

  /** The bound of the refit under way on this thread, null outside one. */
  static Bound currentBound() {
    return BOUND.get();
  }

}
