package sparkwise.train;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import sparkwise.Errors;

/** Work a run overlaps with its next phase, on a thread of its own. */
final class Background {
  private Background() {}

  /** Runs {@code work} on a new daemon thread, started here so it inherits no trial's job group. */
  static CompletableFuture<Void> run(String name, Runnable work) {
    return supply(name, () -> {
      work.run();
      return null;
    });
  }

  /** {@link #run} for work with a result. */
  static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    sparkwise.data.SideBySide.daemonThreads(name).newThread(() -> {
      try {
        done.complete(work.get());
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }).start();
    return done;
  }

  /** Waits for {@code work} and returns its result; its failure is the caller's (our own exceptions pass through). */
  static <T> T await(CompletableFuture<T> work, String what) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw Errors.internal(what, e.getCause());
    }
  }
}
