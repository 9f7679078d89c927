package sparkwise.data;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import sparkwise.Errors;
import sparkwise.MalformedRows;

/**
 * What Spark's CSV reader lets through silently: rows with more or fewer fields than the header,
 * unclosed quotes (Spark pads, truncates or splits them without marking them corrupt), and
 * duplicate header names (Spark renames them). One pass over the lines counts them: in the driver for
 * a small file, else one Spark aggregation.
 */
final class CsvShape {
  private static final String UDF = "sparkwise_csv_line_problem";

  private CsvShape() {}

  /** Splits a header (or any line) on commas outside quotes, as Spark's defaults do. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().strip());
    return out;
  }

  /** Null for a sound line (or a blank one, which Spark skips), else what is wrong with it. */
  static String problem(String line, int expected) {
    if (line == null || line.isBlank()) {
      return null;
    }
    int n = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        n++;
      }
    }
    if (quoted) {
      return "has an unclosed quote";
    }
    return n == expected ? null : "has " + n + " fields, the header " + expected;
  }

  /** Refuses duplicate header names (Spark compares them case-insensitively and renames them). */
  static void requireUniqueHeader(String text, String header) {
    Map<String, String> seen = new HashMap<>();
    for (String f : fields(header)) {
      String before = seen.putIfAbsent(f.toLowerCase(Locale.ROOT), f);
      if (before != null) {
        throw Errors.data(text, "column '" + f + "' appears more than once in the header"
            + (before.equals(f) ? "" : " (as '" + before + "' and '" + f + "')") + "; rename one of them");
      }
    }
  }

  /** What one pass over the lines found: the header, the non-blank lines, the files and the malformed rows. */
  record Shape(String header, long nonBlank, long files, long bad, String firstProblem, String firstBad) {
    long rows() {
      return nonBlank - files;
    }
  }

  /**
   * The lines to parse: all of them when the file is sound; the sound ones under {@link MalformedRows#DROP}
   * (with the count reported through {@code dropped}); otherwise an exit-3 error naming the file,
   * how many rows are malformed and the first one. {@code local} is the shape already read in the
   * driver ({@link #read}), or null to find it with one Spark job over {@code lines}.
   */
  static Dataset<String> check(SparkSession spark, Dataset<String> lines, Shape local, String text,
      MalformedRows policy, java.util.function.LongConsumer dropped) {
    Shape shape = local != null ? local : aggregate(spark, lines, text);
    if (shape.bad() == 0) {
      return lines;
    }
    if (policy == MalformedRows.FAIL) {
      String example = shape.firstBad();
      example = example.length() > 80 ? example.substring(0, 77) + "..." : example;
      throw Errors.data(text, shape.bad() + " of " + shape.rows() + " rows are malformed; the first "
          + shape.firstProblem() + ": '" + example
          + "' (fix the file, or set input.malformed_rows: drop to leave such rows out)");
    }
    dropped.accept(shape.bad());
    int expected = fields(shape.header()).size();
    return lines.filter((FilterFunction<String>) l -> problem(l, expected) == null);
  }

  /** The shape of {@code lines} with Spark: the header's job, then one aggregation. */
  private static Shape aggregate(SparkSession spark, Dataset<String> lines, String text) {
    String header = lines.first();
    requireUniqueHeader(text, header);
    int expected = fields(header).size();
    spark.udf().register(UDF, (UDF1<String, String>) l -> problem(l, expected), DataTypes.StringType);
    Row r = lines.select(col("value"), call_udf(UDF, col("value")).as("problem"), input_file_name().as("file"))
        .agg(count(when(trim(col("value")).notEqual(""), 1)), count(col("problem")),
            first(when(col("problem").isNotNull(), col("problem")), true),
            first(when(col("problem").isNotNull(), col("value")), true),
            count_distinct(col("file")))
        .first();
    return new Shape(header, r.getLong(0), r.getLong(4), r.getLong(1), r.getString(2), r.getString(3));
  }

  /**
   * The shape of one small file read in the driver, line by line as Spark's text reader splits them
   * (LF, CR or CRLF; UTF-8; decompressed by the codec its name gives). On a cold JVM the two Spark
   * jobs of {@link #aggregate} took ~2 s of a run's start, the read here milliseconds. Each line
   * also goes to {@code schema} when given, so Spark's inference needs no pass of its own.
   */
  static Shape read(FileSystem fs, Path file, String text) throws IOException {
    return read(fs, file, text, null);
  }

  static Shape read(FileSystem fs, Path file, String text, LocalCsvSchema schema) throws IOException {
    CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(file);
    InputStream raw = fs.open(file);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        codec == null ? raw : codec.createInputStream(raw), StandardCharsets.UTF_8), 1 << 16)) {
      String header = in.readLine();
      if (header == null) {
        throw Errors.data(text, "the file is empty (not even a header line)");
      }
      requireUniqueHeader(text, header);
      int expected = fields(header).size();
      if (schema != null) {
        schema.line(header);
      }
      long nonBlank = header.trim().isEmpty() ? 0 : 1;
      long bad = 0;
      String firstProblem = null;
      String firstBad = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.trim().isEmpty()) {
          nonBlank++;
        }
        if (schema != null) {
          schema.line(line);
        }
        String p = problem(line, expected);
        if (p != null && bad++ == 0) {
          firstProblem = p;
          firstBad = line;
        }
      }
      return new Shape(header, nonBlank, 1, bad, firstProblem, firstBad);
    }
  }
}
