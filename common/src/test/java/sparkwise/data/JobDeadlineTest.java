package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;

/** Work given up at its deadline ends at its next Spark job; work on time, or failing on its own, is as it was. */
class JobDeadlineTest {
  @Test
  void workStillRunningAtItsDeadlineEndsAtItsNextJob() {
    SparkSession spark = SharedSpark.session();
    SparkContext sc = spark.sparkContext();
    sc.setJobGroup("caller", "the caller's group", false);
    try {
      AtomicInteger jobs = new AtomicInteger();
      var late = JobDeadline.run(spark, "late-work", System.currentTimeMillis() + 500, () -> {
        for (int i = 0; i < 400; i++) { // ~20 s of jobs if never cut
          spark.range(1000).selectExpr("sum(id)").collect();
          jobs.incrementAndGet();
          sleep(50);
        }
        return "finished";
      });
      assertTrue(late.isEmpty(), "given up at the deadline");
      assertTrue(jobs.get() < 400, "before all its jobs: " + jobs.get());
      assertEquals("caller", sc.getLocalProperty("spark.jobGroup.id"), "the caller's job group is back");
      assertEquals(1000 * 999 / 2, spark.range(1000).selectExpr("sum(id)").first().getLong(0),
          "and the caller's jobs run as before");

      var onTime = JobDeadline.run(spark, "quick-work", System.currentTimeMillis() + 60_000,
          () -> spark.range(10).count());
      assertEquals(10L, onTime.orElseThrow());
      var failing = assertThrows(IllegalStateException.class, () -> JobDeadline.run(spark, "failing-work",
          System.currentTimeMillis() + 60_000, () -> {
            throw new IllegalStateException("its own failure");
          }));
      assertEquals("its own failure", failing.getMessage());
    } finally {
      sc.clearJobGroup();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
