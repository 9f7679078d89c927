package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Parameter;
import sparkwise.testing.SharedSpark;

/** A Delta input is read at its latest version, and that version is what the run records. */
class DeltaInputVersionTest {
  @TempDir
  Path dir;

  @Test
  void theLatestVersionIsReadAndRecorded() {
    SparkSession spark = SharedSpark.session();
    String path = dir.resolve("t").toString();
    spark.range(10).write().format("delta").save(path);
    LoadedTable first = DataSource.read(spark, TableRef.parse(Parameter.DATA, path));
    assertEquals(0L, first.info().deltaVersion());
    spark.range(5).write().format("delta").mode("append").save(path);
    spark.range(3).write().format("delta").mode("append").save(path);
    // the same session, whose Delta log already held version 0: the latest is looked up again
    LoadedTable latest = DataSource.read(spark, TableRef.parse(Parameter.DATA, path));
    assertEquals(2L, latest.info().deltaVersion());
    assertEquals(18, latest.data().count());
    assertEquals("delta@2", latest.info().fingerprint());
    LoadedTable pinned = DataSource.read(spark, TableRef.parse(Parameter.DATA, "delta:" + path + "@1"));
    assertEquals(15, pinned.data().count());
  }

  @Test
  void aLogWithoutCommitsIsNotATable() throws Exception {
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty.resolve("_delta_log"));
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> DataSource.read(SharedSpark.session(), TableRef.parse(Parameter.DATA, empty.toString())));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }
}
