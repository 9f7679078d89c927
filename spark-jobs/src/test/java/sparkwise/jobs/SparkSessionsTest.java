package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What a new session gets from Sparkwise, and that a setting the user made is kept. */
class SparkSessionsTest {
  @Test
  void generatedMethodsStayWithinWhatHotSpotCompiles() {
    Map<String, String> d = SparkSessions.defaults(new SparkConf(false));
    assertEquals("8000", d.get(SparkSessions.HUGE_METHOD));
    assertEquals(sparkwise.data.LocalFiles.class.getName(), d.get("spark.hadoop.fs.file.impl"));
    assertEquals("io.delta.sql.DeltaSparkSessionExtension", d.get("spark.sql.extensions"));
  }

  @Test
  void theUsersOwnSettingsWin() {
    SparkConf conf = new SparkConf(false).set(SparkSessions.HUGE_METHOD, "65535")
        .set("spark.master", "spark://somewhere:7077").set("spark.scheduler.mode", "FIFO");
    Map<String, String> d = SparkSessions.defaults(conf);
    assertFalse(d.containsKey(SparkSessions.HUGE_METHOD));
    assertFalse(d.containsKey("spark.scheduler.mode"));
    assertFalse(d.containsKey("spark.hadoop.fs.file.impl"), "a cluster's file system is its own");
    assertFalse(d.containsKey("spark.driver.host"));
  }
}
