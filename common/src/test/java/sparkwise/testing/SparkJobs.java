package sparkwise.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs an action starts on the shared session. */
public final class SparkJobs {
  private SparkJobs() {}

  /** What {@code action} returned, and how many jobs it started. */
  public record Counted<T>(T value, int jobs) {}

  public static <T> Counted<T> count(Supplier<T> action) {
    SparkSession spark = SharedSpark.session();
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      T value = action.get();
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return new Counted<>(value, jobs.get());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }
}
