package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.SparkJobs;

/** A small CSV file's schema is inferred in the driver's pass over its lines, as Spark would infer it. */
class LocalCsvSchemaTest {
  /**
   * Every type Spark's inference tells apart, and the mixes that widen or fall back to strings:
   * int, long, double, int then double, boolean, boolean then int, date, timestamp, date then
   * timestamp, all blank, words, quoted commas, exponents, NaN and Inf, integers past a long
   * (decimals), a name with spaces, a blank line.
   */
  private static final String TEXT = String.join("\n",
      "i,l,d,id,b,bi,day,ts,dayts,blank,word,quoted,sci,nan,dec, spaced name ,y",
      "1,3000000000,0.5,1,true,true,2024-01-31,2024-01-31 10:00:00,2024-01-31,,abc,\"x, y\",1e5,NaN,123456789012345678901,7,a",
      "2,4,1.25,2.5,false,1,2024-02-01,2024-02-01 11:30:00,2024-02-01 08:00:00,,\"d e\",plain,2.5E-3,Inf,5,8,b",
      "",
      "-3,,,7,TRUE,false,,,,,f,\"q\"\"uote\",,-Inf,,9,a",
      "4,5,1e300,8,False,0,2024-03-01,2024-03-01T00:00:00,2024-03-01,,g h,z,3,1.5,12,10,b",
      "");

  @TempDir
  Path dir;

  @Test
  void theDriversSchemaIsSparksAndTheReadStartsNoJob() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path plain = Files.writeString(dir.resolve("t.csv"), TEXT);
    Path gz = dir.resolve("t.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(TEXT.getBytes(StandardCharsets.UTF_8));
    }
    for (Path p : new Path[] {plain, gz}) {
      Dataset<Row> bySpark = DataSource.csvReader(spark).csv(p.toString());
      var counted = SparkJobs.count(() -> DataSource.read(spark, TableRef.parse("data", p.toString())).data());
      Dataset<Row> read = counted.value();
      assertEquals(bySpark.schema(), read.schema(), p.toString());
      assertEquals(0, counted.jobs(), p + ": neither a header job nor an inference pass");
      assertEquals(bySpark.collectAsList(), read.collectAsList(), p.toString());
    }
  }

  /**
   * A larger file's lines are typed in the shape check's Spark pass, each partition its own, the
   * partitions' types merged: the schema Spark's own inference pass finds. Split here into
   * partitions of ~60 bytes, so that the widening rows (int then double, date then timestamp) fall
   * in other partitions than the first.
   */
  @Test
  void theShapeChecksSparkPassInfersSparksSchemaAcrossPartitions() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path plain = Files.writeString(dir.resolve("split.csv"), TEXT);
    org.apache.spark.sql.types.StructType bySpark = DataSource.csvReader(spark).csv(plain.toString()).schema();
    String key = "spark.sql.files.maxPartitionBytes";
    String before = spark.conf().get(key);
    spark.conf().set(key, "60");
    try {
      Dataset<String> lines = spark.read().textFile(plain.toString());
      assertEquals(true, lines.javaRDD().getNumPartitions() >= 4, "the file in several partitions");
      LocalCsvSchema schema = new LocalCsvSchema(spark, DataSource.CSV_OPTIONS);
      CsvShape.check(spark, lines, null, "t", sparkwise.MalformedRows.FAIL, n -> { }, schema);
      assertEquals(bySpark, schema.schema());
    } finally {
      spark.conf().set(key, before);
    }
  }

  @Test
  void aFileWithMalformedRowsDroppedIsInferredBySparkFromTheKeptLines() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path csv = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,x\n2\n3,y\n");
    var read = DataSource.read(spark, TableRef.parse("data", csv.toString()), sparkwise.MalformedRows.DROP);
    assertEquals(1, read.malformedRowsDropped());
    assertEquals("a INT,b STRING", read.data().schema().toDDL());
    assertEquals(2, read.data().count());
  }
}
