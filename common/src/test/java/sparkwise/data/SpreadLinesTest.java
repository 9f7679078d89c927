package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/**
 * A large gzip CSV is decompressed once and spread over the cores before Spark infers its schema:
 * the table read is the same as from the plain file (types, rows, values), only spread.
 */
class SpreadLinesTest {
  @TempDir Path dir;

  @Test
  void aLargeGzipCsvReadsLikeThePlainFileButSpreadOverTheCores() throws IOException {
    Path plain = dir.resolve("t.csv");
    Path gz = dir.resolve("t.csv.gz");
    Random r = new Random(7);
    try (Writer w = Files.newBufferedWriter(plain, StandardCharsets.UTF_8)) {
      w.write("id,x,y,n,city,flag\n");
      for (int i = 0; i < 100_000; i++) {
        w.write(i + "," + r.nextGaussian() + "," + r.nextGaussian() + "," + (i % 7 == 0 ? "" : String.valueOf(r.nextInt(1000))) + ","
            + (char) ('a' + r.nextInt(26)) + "city," + (r.nextBoolean()) + "\n");
      }
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(plain, out);
    }
    assertTrue(Files.size(gz) >= SpreadLines.MIN_BYTES, "the test file must be large enough to spread: " + Files.size(gz));

    var spark = SharedSpark.session();
    var fromPlain = DataSource.read(spark, TableRef.parse("data", plain.toString())).data();
    var fromGz = DataSource.read(spark, TableRef.parse("data", gz.toString())).data();

    assertEquals(fromPlain.schema(), fromGz.schema(), "the same inferred types (a header read as a row makes id text)");
    assertTrue(fromGz.javaRDD().getNumPartitions() > 1, "spread: " + fromGz.javaRDD().getNumPartitions());
    assertEquals(100_000, fromGz.count());
    List<Row> a = fromPlain.orderBy("id").limit(50).collectAsList();
    List<Row> b = fromGz.orderBy("id").limit(50).collectAsList();
    assertEquals(a, b, "the same values");
  }
}
