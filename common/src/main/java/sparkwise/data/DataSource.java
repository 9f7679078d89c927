package sparkwise.data;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.Errors;
import sparkwise.MalformedRows;
import sparkwise.InputInfo;

/** Reads CSV, Parquet, JSON and Delta paths and catalog tables, detecting the format. */
public final class DataSource {
  private DataSource() {}

  public static LoadedTable read(SparkSession spark, TableRef ref) {
    return read(spark, ref, MalformedRows.FAIL);
  }

  /** Reads {@code ref}; CSV files are first checked for malformed rows and duplicate header names. */
  public static LoadedTable read(SparkSession spark, TableRef ref, MalformedRows malformed) {
    if (ref.kind() == TableRef.Kind.CATALOG) {
      if (!spark.catalog().tableExists(ref.location())) {
        throw Errors.missingInput(ref.text());
      }
      return new LoadedTable(spark.table(ref.location()), new InputInfo(ref.text(), "table", null));
    }
    Path path = new Path(ref.location());
    FileSystem fs = fileSystem(spark, path, ref.text());
    FileStatus status = status(fs, path, ref.text());
    String format = ref.kind() == TableRef.Kind.DELTA_VERSION ? "delta" : detect(fs, status, ref);
    long[] dropped = {0};
    try {
      Dataset<Row> df;
      Long version = null;
      switch (format) {
        case "csv" -> {
          boolean small = status.isFile() && Interpreted.smallFile(status.getPath().getName(), status.getLen());
          try (Interpreted i = Interpreted.when(spark, small)) {
            boolean spread = SpreadLines.worthIt(spark, status);
            Dataset<String> all = spread ? SpreadLines.of(spark, ref.location()) : spark.read().textFile(ref.location());
            // A small file's shape and schema are read in the driver: no Spark job before the
            // table's first. Spark still parses the file itself (a table parsed from lines has no
            // size for the planner, so the run would lose its interpreted queries; see Interpreted).
            // A larger file's schema is inferred in the shape check's Spark pass: one pass, not two.
            LocalCsvSchema schema = new LocalCsvSchema(spark, CSV_OPTIONS);
            CsvShape.Shape local = small && !spread ? CsvShape.read(fs, status.getPath(), ref.text(), schema) : null;
            Dataset<String> lines = CsvShape.check(spark, all, local, ref.text(), malformed, n -> dropped[0] = n,
                schema);
            // The schema inferred in the driver's pass or the shape check's; without one (rows
            // dropped, or no header), Spark's inference pass runs here: over the spread or kept
            // lines on every core, else the files.
            org.apache.spark.sql.types.StructType inferred = dropped[0] == 0 ? schema.schema() : null;
            var reader = inferred != null ? csvReader(spark).schema(inferred) : csvReader(spark);
            df = spread || dropped[0] > 0 ? reader.csv(lines) : reader.csv(ref.location());
          }
        }
        case "delta" -> {
          version = ref.deltaVersion() != null
              ? ref.deltaVersion()
              : latestDeltaVersion(spark, ref.location());
          df = spark.read().format("delta").option("versionAsOf", version).load(ref.location());
        }
        case "json" -> df = jsonRecords(spark.read().format("json").load(ref.location()), ref.text(), malformed,
            n -> dropped[0] = n);
        default -> df = spark.read().format(format).load(ref.location());
      }
      String fingerprint = version != null ? "delta@" + version : fingerprint(fs, status);
      return new LoadedTable(df, new InputInfo(sparkwise.Secrets.maskUri(status.getPath().toString()), format, version, fingerprint),
          dropped[0], storedBytesOnce(fs, status));
    } catch (Exception e) { // Spark also throws checked exceptions (SparkException) undeclared
      if (e instanceof sparkwise.SparkwiseException s) {
        throw s;
      }
      throw Errors.unreadableInput(ref.text(), format, e);
    }
  }

  /** JSON lines Spark could not parse land in {@code _corrupt_record}: refused, or left out under DROP. */
  static Dataset<Row> jsonRecords(Dataset<Row> df, String text, MalformedRows policy,
      java.util.function.LongConsumer dropped) {
    String corrupt = "_corrupt_record";
    java.util.List<String> cols = java.util.Arrays.asList(df.columns());
    if (!cols.contains(corrupt)) {
      return df;
    }
    if (cols.size() == 1) {
      throw Errors.data(text, "no record is valid JSON (one object per line is expected)");
    }
    String other = cols.stream().filter(c -> !c.equals(corrupt)).findFirst().orElseThrow();
    // Spark refuses queries over raw JSON that read only the corrupt-record column, so the
    // aggregation also reads another column (its null count is not used).
    var c = org.apache.spark.sql.functions.col(corrupt);
    Row r = df.filter(c.isNotNull()).agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
        org.apache.spark.sql.functions.first(c, true),
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.col("`" + other.replace("`", "``") + "`")))
        .first();
    long n = r.getLong(0);
    if (n == 0) {
      return df.drop(corrupt);
    }
    if (policy == MalformedRows.FAIL) {
      String first = r.getString(1);
      first = first.length() > 80 ? first.substring(0, 77) + "..." : first;
      throw Errors.data(text, n + " records are not valid JSON; the first: '" + first
          + "' (fix the file, or set input.malformed_rows: drop to leave such records out)");
    }
    dropped.accept(n);
    return df.filter(org.apache.spark.sql.functions.col(corrupt).isNull()).drop(corrupt);
  }

  /** A hash of every file's relative path, size and modification time under {@code status}. */
  static String fingerprint(FileSystem fs, FileStatus status) {
    try {
      java.util.List<String> entries = new java.util.ArrayList<>();
      String root = status.getPath().toString();
      if (status.isFile()) {
        entries.add(status.getLen() + ":" + status.getModificationTime());
      } else {
        var it = fs.listFiles(status.getPath(), true);
        while (it.hasNext()) {
          var f = it.next();
          entries.add(f.getPath().toString().substring(root.length()) + ":" + f.getLen() + ":" + f.getModificationTime());
        }
      }
      java.util.Collections.sort(entries);
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", entries).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d).substring(0, 16);
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return null;
    }
  }

  /** {@link #storedBytes}, listed on first use and remembered (score asks twice, train never). */
  private static java.util.function.LongSupplier storedBytesOnce(FileSystem fs, FileStatus status) {
    java.util.concurrent.atomic.AtomicLong known = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    return () -> known.updateAndGet(b -> b == Long.MIN_VALUE ? storedBytes(fs, status) : b);
  }

  /** The bytes of the file, or of every file under the folder (one listing call, no Spark job); -1 when unknown. */
  static long storedBytes(FileSystem fs, FileStatus status) {
    try {
      return status.isFile() ? status.getLen() : fs.getContentSummary(status.getPath()).getLength();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** How every CSV input is read; {@link LocalCsvSchema} infers with the same options. */
  static final java.util.Map<String, String> CSV_OPTIONS = java.util.Map.of(
      "header", "true",
      "inferSchema", "true",
      "mode", "PERMISSIVE",
      "multiLine", "false",
      "ignoreLeadingWhiteSpace", "true",
      "ignoreTrailingWhiteSpace", "true",
      "enforceSchema", "false");

  static DataFrameReader csvReader(SparkSession spark) {
    return spark.read().options(CSV_OPTIONS);
  }

  /**
   * The table's latest version, from its log's snapshot: the same snapshot the read at that
   * version then reuses. The public history(1) is a Spark job of its own over the last commit
   * (0.5-0.8 s of a cold `score`); it stays as the fallback should Delta's log class change.
   */
  private static long latestDeltaVersion(SparkSession spark, String location) {
    long version = -1; // also Delta's version of a folder with no commit yet
    try {
      org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark, location);
      version = log.update(log.update$default$1(), log.update$default$2(), log.update$default$3()).version();
    } catch (LinkageError | RuntimeException e) {
      // history(1) below says what is wrong in Delta's own words
    }
    return version >= 0 ? version : DeltaTable.forPath(spark, location).history(1).select("version").head().getLong(0);
  }

  private static FileSystem fileSystem(SparkSession spark, Path path, String text) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException | RuntimeException e) {
      throw Errors.unreadableInput(text, "a path", e);
    }
  }

  private static FileStatus status(FileSystem fs, Path path, String text) {
    try {
      return fs.getFileStatus(path);
    } catch (java.io.FileNotFoundException e) {
      throw Errors.missingInput(text);
    } catch (IOException e) {
      throw Errors.unreadableInput(text, "a path", e);
    }
  }

  private static String detect(FileSystem fs, FileStatus status, TableRef ref) {
    try {
      if (status.isDirectory()) {
        if (fs.exists(new Path(status.getPath(), "_delta_log"))) {
          return "delta";
        }
        for (FileStatus child : fs.listStatus(status.getPath())) {
          String n = child.getPath().getName().toLowerCase(Locale.ROOT);
          if (n.endsWith(".parquet")) {
            return "parquet";
          }
          if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
            return "csv";
          }
        }
        throw Errors.data(ref.text(), "folder holds no Delta log, Parquet or CSV files");
      }
      String byName = ref.formatByName();
      if (byName != null) {
        return byName;
      }
      throw Errors.data(ref.text(),
          "cannot tell the format; name a .csv, .csv.gz, .parquet or .json file, or a Parquet/Delta folder");
    } catch (IOException e) {
      throw Errors.unreadableInput(ref.text(), "a path", e);
    }
  }
}
