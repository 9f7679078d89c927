package sparkwise.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import sparkwise.Errors;
import sparkwise.MalformedRows;

/**
 * What Spark's CSV reader lets through silently: rows with more or fewer fields than the header,
 * unclosed quotes (Spark pads, truncates or splits them without marking them corrupt), and
 * duplicate header names (Spark renames them). One pass over the lines counts them: in the driver for
 * a small file, else one Spark pass, which also types the lines for the schema.
 */
final class CsvShape {
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
   * (with the count reported through {@code dropped}); otherwise a data error naming the file,
   * how many rows are malformed and the first one. {@code local} is the shape already read in the
   * driver ({@link #read}), or null to find it with one Spark job over {@code lines}; that job also
   * shows {@code schema} (when not null) every line, as {@link #read} does in the driver, so that
   * Spark's inference needs no pass of its own.
   */
  static Dataset<String> check(SparkSession spark, Dataset<String> lines, Shape local, String text,
      MalformedRows policy, java.util.function.LongConsumer dropped, LocalCsvSchema schema) {
    Shape shape = local != null ? local : aggregate(lines, text, schema);
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

  /**
   * The shape of {@code lines} with Spark: the header's job, then one pass whose partitions each
   * tally their lines (and types, into a copy of {@code schema}), merged in partition order so
   * that the first malformed row is the file's first.
   */
  private static Shape aggregate(Dataset<String> lines, String text, LocalCsvSchema schema) {
    String header = lines.first();
    requireUniqueHeader(text, header);
    if (schema != null) {
      schema.line(header);
    }
    Tally zero = new Tally(header, fields(header).size(), schema);
    List<Tally> parts = lines.javaRDD().mapPartitions((FlatMapFunction<Iterator<String>, Tally>) it -> {
      Tally t = zero.copy();
      it.forEachRemaining(t::line);
      return List.of(t).iterator();
    }).collect(); // one small tally per partition
    Tally all = new Tally(header, 0, schema);
    parts.forEach(all::add);
    return new Shape(header, all.nonBlank, Math.max(1, all.headers), all.bad, all.firstProblem, all.firstBad);
  }

  /** One partition's lines: counted, checked against the header's field count, and typed. */
  private static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String header;
    private final int expected;
    private final LocalCsvSchema schema;
    private long nonBlank;
    private long headers;
    private long bad;
    private String firstProblem;
    private String firstBad;

    Tally(String header, int expected, LocalCsvSchema schema) {
      this.header = header;
      this.expected = expected;
      this.schema = schema;
    }

    /** A fresh tally for one partition; its schema is the task's own (each task deserialises its closure). */
    Tally copy() {
      return new Tally(header, expected, schema);
    }

    void line(String l) {
      if (l.trim().isEmpty()) {
        return;
      }
      nonBlank++;
      if (l.equals(header)) {
        headers++; // one per file: Spark's reader skips every line equal to the header
        return;
      }
      String p = problem(l, expected);
      if (p != null && bad++ == 0) {
        firstProblem = p;
        firstBad = l;
      }
      if (schema != null) {
        schema.line(l);
      }
    }

    /** Adds another partition's tally, after this one's lines; its types into this schema. */
    void add(Tally t) {
      nonBlank += t.nonBlank;
      headers += t.headers;
      if (t.bad > 0 && bad == 0) {
        firstProblem = t.firstProblem;
        firstBad = t.firstBad;
      }
      bad += t.bad;
      if (schema != null && t.schema != null) {
        schema.merge(t.schema);
      }
    }
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
