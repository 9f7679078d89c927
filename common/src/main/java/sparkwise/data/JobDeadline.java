package sparkwise.data;

import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Work on the calling thread that is given up at a deadline: it runs in a Spark job group of its
 * own, which is cancelled with its future jobs when the deadline comes, so the work ends at its
 * next Spark job instead of running on to its end. For work whose result is thrown away when late
 * (the final fit on all rows): an abandoned one had run 2-3 s past its deadline in the variants'
 * preprocessing, whose jobs no booster's bound reaches.
 */
public final class JobDeadline {
  private JobDeadline() {}

  /** {@code work}'s result, or empty when the deadline {@code stopAtMillis} came first. */
  public static <T> Optional<T> run(SparkSession spark, String group, long stopAtMillis, Supplier<T> work) {
    SparkContext sc = spark.sparkContext();
    Properties caller = (Properties) sc.getLocalProperties().clone(); // its job group among them
    AtomicBoolean late = new AtomicBoolean();
    Thread watchdog = SideBySide.daemonThreads(group + "-deadline").newThread(() -> {
      try {
        Thread.sleep(Math.max(0, stopAtMillis - System.currentTimeMillis()));
        late.set(true);
        sc.cancelJobGroupAndFutureJobs(group, "its deadline came");
      } catch (InterruptedException e) { // the work ended first
        Thread.currentThread().interrupt();
      }
    });
    sc.setJobGroup(group, group, true);
    watchdog.start();
    try {
      return Optional.of(work.get());
    } catch (Exception e) { // also Spark's checked ones, thrown undeclared: a cancelled job's included
      if (late.get()) {
        return Optional.empty();
      }
      throw JobDeadline.<RuntimeException>unchanged(e);
    } finally {
      watchdog.interrupt();
      sc.setLocalProperties(caller);
    }
  }

  /** Rethrows {@code e} as it is, checked or not (as Scala code throws it). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E unchanged(Exception e) throws E {
    throw (E) e;
  }
}
