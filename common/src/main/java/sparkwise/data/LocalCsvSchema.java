package sparkwise.data;

import com.univocity.parsers.csv.CsvParser;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.csv.CSVInferSchema;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.execution.datasources.csv.CSVUtils$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's own CSV schema inference (the {@code CSVInferSchema} behind {@code inferSchema}: the same
 * options, parser, header names and per-field rules), run in the driver over the lines a small
 * file's shape check reads anyway ({@link CsvShape#read}). Spark infers with two jobs of its own,
 * one for the header line and one over the whole file; on connect-4 (67,557 rows of gzip) they
 * took 2.6 s of a 6 s start, one core decompressing the file twice for types the driver's pass
 * could see. The file is then read once, with this schema. A larger file's lines are seen in the
 * shape check's Spark pass instead, a copy per partition, merged as Spark merges its own
 * ({@link #merge}): kddcup99 (39 MB) had been read four times before its profile, once for this.
 */
final class LocalCsvSchema implements Serializable {
  private static final long serialVersionUID = 1L;
  private final CSVOptions options;
  private final CSVInferSchema inference;
  private transient CsvParser parser; // not serialisable: made where the lines are
  private final boolean caseSensitive;
  private String header;
  private String[] names;
  private DataType[] types;

  LocalCsvSchema(SparkSession spark, Map<String, String> readerOptions) {
    scala.collection.immutable.Map<String, String> params =
        scala.collection.immutable.Map$.MODULE$.from(scala.jdk.javaapi.CollectionConverters.asScala(readerOptions));
    this.options = new CSVOptions(params, true, spark.conf().get("spark.sql.session.timeZone"));
    this.inference = new CSVInferSchema(options);
    this.caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
  }

  /**
   * One line of the file, in order, as Spark's reader takes it: blank lines are skipped, the first
   * other line is the header, and lines equal to the header are skipped wherever they are.
   */
  void line(String line) {
    if (line.trim().isEmpty()) {
      return;
    }
    if (header == null) {
      header = line;
      names = CSVUtils$.MODULE$.makeSafeHeader(parser().parseLine(line), caseSensitive, options);
      types = new DataType[names.length];
      Arrays.fill(types, DataTypes.NullType);
      return;
    }
    if (line.equals(header)) {
      return;
    }
    String[] tokens = parser().parseLine(line);
    if (tokens != null) {
      types = inference.inferRowType(types, tokens);
    }
  }

  /** Adds the types {@code other}, a copy of this schema past the same header, found in its lines. */
  void merge(LocalCsvSchema other) {
    if (other.types != null) {
      types = types == null ? other.types.clone() : inference.mergeRowTypes(types, other.types);
    }
  }

  private CsvParser parser() {
    if (parser == null) {
      parser = new CsvParser(options.asParserSettings());
    }
    return parser;
  }

  /** The schema Spark would infer from the lines seen; null before a header. */
  StructType schema() {
    return header == null ? null : new StructType(inference.toStructFields(types, names));
  }
}
