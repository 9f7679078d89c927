package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.SparkwiseException;
import sparkwise.testing.SharedSpark;
import sparkwise.MalformedRows;

/** The driver's read of a small CSV file finds the same shape as the Spark aggregation over its lines. */
class CsvShapeTest {
  private static final String TEXT = "a,b,y\n1,2,x\n\n3,\"4,5\",y\r\n6,7\n8,9,\"open\n10,11,z\r12,13,w\n";

  @TempDir
  Path dir;

  @Test
  void theDriversReadMatchesSparksAggregationOnPlainAndGzipFiles() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path plain = dir.resolve("t.csv");
    Files.writeString(plain, TEXT);
    Path gz = dir.resolve("t.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(TEXT.getBytes(StandardCharsets.UTF_8));
    }
    for (Path p : new Path[] {plain, gz}) {
      var hp = new org.apache.hadoop.fs.Path(p.toUri());
      FileSystem fs = hp.getFileSystem(spark.sparkContext().hadoopConfiguration());
      CsvShape.Shape local = CsvShape.read(fs, hp, p.toString());
      long[] dropped = {-1};
      // Spark's aggregation (null: no local shape) and the driver's read, through the same check.
      var lines = spark.read().textFile(p.toString());
      long keptBySpark = CsvShape.check(spark, lines, null, "t", MalformedRows.DROP, n -> dropped[0] = n, null).count();
      assertEquals(2, dropped[0], p + ": rows 6,7 and 8,9,\"open are malformed");
      long keptLocal = CsvShape.check(spark, lines, local, "t", MalformedRows.DROP, n -> dropped[0] = n, null).count();
      assertEquals(keptBySpark, keptLocal, p.toString());
      assertEquals("a,b,y", local.header());
      assertEquals(2, local.bad());
      assertEquals(6, local.rows(), "non-blank lines after the header (CR, LF and CRLF end lines)");
      assertEquals("has 2 fields, the header 3", local.firstProblem());
      assertEquals("6,7", local.firstBad());
      var e = assertThrows(SparkwiseException.class,
          () -> CsvShape.check(spark, lines, local, "t", MalformedRows.FAIL, n -> { }, null));
      var fromSpark = assertThrows(SparkwiseException.class,
          () -> CsvShape.check(spark, lines, null, "t", MalformedRows.FAIL, n -> { }, null));
      assertEquals(fromSpark.getMessage(), e.getMessage());
      assertTrue(e.getMessage().contains("2 of 6 rows are malformed; the first has 2 fields, the header 3: '6,7'"),
          e.getMessage());
    }
  }

  @Test
  void anEmptyFileAndADuplicateHeaderAreRefusedByName() throws Exception {
    FileSystem fs = FileSystem.getLocal(SharedSpark.session().sparkContext().hadoopConfiguration());
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    var e = assertThrows(SparkwiseException.class,
        () -> CsvShape.read(fs, new org.apache.hadoop.fs.Path(empty.toUri()), "empty.csv"));
    assertTrue(e.getMessage().contains("empty.csv") && e.getMessage().contains("empty"), e.getMessage());
    Path dup = Files.writeString(dir.resolve("dup.csv"), "a,A,y\n1,2,3\n");
    var d = assertThrows(SparkwiseException.class,
        () -> CsvShape.read(fs, new org.apache.hadoop.fs.Path(dup.toUri()), "dup.csv"));
    assertTrue(d.getMessage().contains("column 'A' appears more than once"), d.getMessage());
  }

  @Test
  void aSmallCsvFileStaysATableThePlannerKnowsTheSizeOf() throws Exception {
    // Runs on small tables evaluate queries interpreted, decided from the planner's size of the
    // input: a table parsed from lines (an RDD) has none, and the run would compile every query.
    Path csv = Files.writeString(dir.resolve("small.csv"), "a,b,y\n1,2,x\n3,4,y\n");
    var read = DataSource.read(SharedSpark.session(), TableRef.parse("data", csv.toString())).data();
    assertTrue(Interpreted.small(read), read.queryExecution().optimizedPlan().stats().toString());
  }
}
