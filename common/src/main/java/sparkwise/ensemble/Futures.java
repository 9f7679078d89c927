package sparkwise.ensemble;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work run side by side: its failure comes back as the unchecked exception it was. */
final class Futures {
  private Futures() {}

  /** The value of {@code f}; Spark's checked exceptions (thrown undeclared from Scala) come back wrapped. */
  static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }
}
