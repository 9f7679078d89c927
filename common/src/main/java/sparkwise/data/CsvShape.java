package sparkwise.data;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import sparkwise.Errors;
import sparkwise.config.MalformedRows;

/**
 * What Spark's CSV reader lets through silently: rows with more or fewer fields than the header,
 * unclosed quotes (Spark pads, truncates or splits them without marking them corrupt), and
 * duplicate header names (Spark renames them). One aggregation over the lines counts them.
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

  /**
   * The lines to parse: all of them when the file is sound; the sound ones under {@link MalformedRows#DROP}
   * (with the count reported through {@code dropped}); otherwise an exit-3 error naming the file,
   * how many rows are malformed and the first one.
   */
  static Dataset<String> check(SparkSession spark, Dataset<String> lines, String text, MalformedRows policy,
      java.util.function.LongConsumer dropped) {
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
    long rows = r.getLong(0) - r.getLong(4);
    long bad = r.getLong(1);
    if (bad == 0) {
      return lines;
    }
    if (policy == MalformedRows.FAIL) {
      String example = r.getString(3);
      example = example.length() > 80 ? example.substring(0, 77) + "..." : example;
      throw Errors.data(text, bad + " of " + rows + " rows are malformed; the first " + r.getString(2) + ": '"
          + example + "' (fix the file, or set input.malformed_rows: drop to leave such rows out)");
    }
    dropped.accept(bad);
    return lines.filter((FilterFunction<String>) l -> problem(l, expected) == null);
  }
}
