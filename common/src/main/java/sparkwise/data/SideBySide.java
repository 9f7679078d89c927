package sparkwise.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Independent Spark work run on a thread each. On small tables each piece is a string of short
 * jobs whose time goes to planning and scheduling on the driver, so pieces side by side overlap
 * well where one after another they leave the cores idle.
 */
public final class SideBySide {
  private SideBySide() {}

  /**
   * The results of {@code parts}, in order, each run on its own thread with the caller's Spark
   * local properties (its job group: cancelling the group stops every part's jobs). The first
   * failure is rethrown as the unchecked exception it was.
   */
  public static <T> List<T> run(SparkContext sc, List<Supplier<T>> parts, String threadName) {
    List<CompletableFuture<T>> running = new ArrayList<>();
    for (Supplier<T> part : parts) {
      running.add(start(sc, part, threadName));
    }
    List<T> out = new ArrayList<>();
    for (CompletableFuture<T> r : running) {
      out.add(join(r));
    }
    return out;
  }

  /**
   * {@code part} started on its own thread with the caller's Spark local properties, for work that
   * overlaps the caller's own until it {@link #join}s the result.
   */
  public static <T> CompletableFuture<T> start(SparkContext sc, Supplier<T> part, String threadName) {
    Properties caller = sc.getLocalProperties();
    return CompletableFuture.supplyAsync(() -> {
      sc.setLocalProperties((Properties) caller.clone());
      return part.get();
    }, r -> daemonThreads(threadName).newThread(r).start());
  }

  /** Threads named {@code name} that do not keep the JVM alive (a run's end is the driver's, not theirs). */
  public static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The value of {@code f}; Spark's checked exceptions (thrown undeclared from Scala) come back wrapped. */
  public static <T> T join(Future<T> f) {
    try {
      return f instanceof CompletableFuture<T> c ? c.join() : f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (CompletionException | ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re
          : new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }
}
