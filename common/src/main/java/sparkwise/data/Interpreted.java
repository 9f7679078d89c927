package sparkwise.data;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Queries evaluated without generated code. Spark compiles Java for every new query plan
 * (whole-stage code and each projection): on a small table that compilation, and the JIT work it
 * brings, costs far more than evaluating the rows, and a train run on a few thousand rows plans
 * hundreds of queries. Measured on kc1 (2,109 rows) at a 60 s budget: 4 trials with generated code,
 * 11 without (benchmarks/trials-notes.md). Large tables keep generated code.
 *
 * <p>The setting is the session's: runs that overlap on one session share it, and the session's
 * own values come back when the last of them ends.
 */
public final class Interpreted implements AutoCloseable {
  /**
   * Tables up to this size (Spark's own estimate of the input, in bytes; a compressed file's size
   * times {@link #COMPRESSION}) run interpreted... kddcup99 10 % (494,021 rows, 49 MB of CSV) is
   * over it: interpreted, its CSV check and profile took 25 s longer.
   */
  public static final long SMALL_BYTES = 16L << 20;
  /** What a compressed file is taken to grow by when read (gzip CSV: 2.4–28× on the shared tables). */
  static final int COMPRESSION = 20;
  /**
   * ...and, once their size is known, up to this many cells (rows × columns): a compressed file's
   * size understates its rows, and row by row interpreted queries cost more than generated code.
   * connect-4 (67,557 × 42, 2.8M cells) at 60 s, interpreted: refit 6.9–9.4 s, the final fit on
   * all rows cut at the deadline; with generated code: refit 4.0–4.5 s, final fit 5.2–6.2 s.
   */
  public static final long SMALL_CELLS = 2_000_000L;
  /**
   * Scoring is one query, so generated code is compiled once and pays for itself sooner: at most
   * this many bytes of input are scored interpreted. The demo's 30,000 rows (684 KB of Parquet)
   * scored with an ensemble took 11.9 s interpreted and 5.3 s with generated code.
   */
  public static final long SMALL_SCORE_BYTES = 256L << 10;

  private static final String FACTORY = "spark.sql.codegen.factoryMode";
  private static final Map<String, String> NO_CODEGEN =
      Map.of(FACTORY, "NO_CODEGEN", "spark.sql.codegen.wholeStage", "false");

  private final SessionSettings settings;

  private Interpreted(SparkSession spark) {
    this.settings = SessionSettings.hold(spark, NO_CODEGEN);
  }

  /** Until closed, the session's queries run interpreted when {@code table} is small. */
  public static Interpreted whenSmall(Dataset<?> table) {
    return when(table.sparkSession(), small(table));
  }

  /** Until closed, the session's queries run interpreted when Spark estimates {@code table} at most {@code bytes}. */
  public static Interpreted whenAtMost(Dataset<?> table, long bytes) {
    return when(table.sparkSession(), small(table, bytes));
  }

  /**
   * Until closed, the session's queries run interpreted when {@code table}'s files hold at most
   * {@code bytes} on storage: known from the listing, this asks nothing of Spark's planner (whose
   * statistics of a Delta table cost a scan of its log and, first in a JVM, seconds of warm-up).
   * Without a stored size, Spark's estimate decides.
   */
  public static Interpreted whenAtMost(LoadedTable table, long bytes) {
    long stored = table.storedBytes().getAsLong();
    if (stored < 0) {
      return whenAtMost(table.data(), bytes);
    }
    return when(table.data().sparkSession(), storedAtMost(stored, table.info().path(), bytes));
  }

  /**
   * Whether {@code table}'s files are known to hold at most {@code bytes} on storage. A compressed
   * file's size understates what is read (as in small(table, limit)); known from the name of a
   * single file (a folder's files are not listed again for it).
   */
  public static boolean storedAtMost(LoadedTable table, long bytes) {
    return storedAtMost(table.storedBytes().getAsLong(), table.info().path(), bytes);
  }

  private static boolean storedAtMost(long stored, String path, long bytes) {
    return stored >= 0 && stored <= bytes / (compressed(path) ? COMPRESSION : 1);
  }

  /** Until closed, the session's queries run interpreted when {@code on}. */
  public static Interpreted when(SparkSession spark, boolean on) {
    return new Interpreted(on ? spark : null);
  }

  /** Runs {@code action} with the session's queries interpreted. */
  public static <T> T run(SparkSession spark, Supplier<T> action) {
    return run(spark, true, action);
  }

  /** Runs {@code action}, with the session's queries interpreted when {@code on}. */
  public static <T> T run(SparkSession spark, boolean on, Supplier<T> action) {
    try (Interpreted ignored = when(spark, on)) {
      return action.get();
    }
  }

  /** Whether Spark estimates {@code table} at most {@link #SMALL_BYTES} (no job: from the plan's statistics). */
  static boolean small(Dataset<?> table) {
    return small(table, SMALL_BYTES);
  }

  private static boolean small(Dataset<?> table, long limit) {
    try {
      long bytes = table.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
      boolean compressed = java.util.Arrays.stream(table.inputFiles()).anyMatch(Interpreted::compressed);
      return bytes <= limit / (compressed ? COMPRESSION : 1);
    } catch (RuntimeException e) { // a source without statistics: keep generated code
      return false;
    }
  }

  /** Whether a file of {@code bytes} named {@code name} is small, its compression allowed for. */
  public static boolean smallFile(String name, long bytes) {
    return bytes <= SMALL_BYTES / (compressed(name) ? COMPRESSION : 1);
  }

  static boolean compressed(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".zst") || n.endsWith(".xz") || n.endsWith(".lz4")
        || n.endsWith(".deflate") || n.endsWith(".snappy");
  }

  /** Whether {@code spark} runs queries interpreted now (a small table's run is under way). */
  public static boolean isOn(SparkSession spark) {
    return "NO_CODEGEN".equals(spark.conf().get(FACTORY, "FALLBACK"));
  }

  /** Whether a table of {@code rows} × {@code columns} is small enough to stay interpreted. */
  public static boolean smallCells(long rows, long columns) {
    return rows * Math.max(1, columns) <= SMALL_CELLS;
  }

  /** Ends this one's hold (idempotent): the session's own settings come back when it was the last. */
  @Override
  public void close() {
    settings.close();
  }
}
