package sparkwise.train;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import sparkwise.Errors;

/** Work a run overlaps with its next phase, on a thread of its own. */
final class Background {
  private Background() {}

  /** Runs {@code work} on a new daemon thread, started here so it inherits no trial's job group. */
  static CompletableFuture<Void> run(String name, Runnable work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    sparkwise.data.SideBySide.daemonThreads(name).newThread(() -> {
      try {
        work.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }).start();
    return done;
  }

  /** Waits for {@code work}; its failure is the caller's (our own exceptions pass through). */
  static void await(CompletableFuture<Void> work, String what) {
    try {
      work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw Errors.internal(what, e.getCause());
    }
  }
}
