package sparkwise.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The session every command runs on: the cluster's when launched by spark-submit, otherwise an
 * embedded {@code local[*]} one. Delta's SQL extension and catalog are always configured.
 */
public final class SparkSessions {
  private static volatile SparkSession session;

  private SparkSessions() {}

  private static final String FILE_IMPL = "spark.hadoop.fs.file.impl";
  static final String HUGE_METHOD = "spark.sql.codegen.hugeMethodLimit";

  public static synchronized SparkSession get() {
    if (session == null) {
      SparkConf conf = new SparkConf(true);
      SparkSession.Builder b = SparkSession.builder().appName("sparkwise");
      if (!conf.contains("spark.master")) {
        b.master("local[*]");
      }
      defaults(conf).forEach(b::config);
      session = b.getOrCreate();
    }
    return session;
  }

  /** What Sparkwise sets on a new session, given what the user's {@code conf} already sets (theirs wins). */
  static Map<String, String> defaults(SparkConf conf) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    out.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    if (!conf.contains("spark.master")) {
      // Embedded, the warehouse is usually local: file: paths without a process per file
      // status and per created file (LocalFiles; saving the demo's model: 10-14 s -> 2-3 s).
      putIfUnset(conf, out, FILE_IMPL, sparkwise.data.LocalFiles.class.getName());
      out.put("spark.ui.enabled", "false");
      out.put("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
      // Delta rebuilds a table's state in this many tasks (default 50): Sparkwise's own tables
      // are small, and on a few local cores 50 tasks cost seconds per commit.
      out.put("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
      out.put("spark.driver.host", "127.0.0.1");
      out.put("spark.driver.bindAddress", "127.0.0.1");
    }
    // Concurrent trials each run in their own pool and share the executors fairly.
    putIfUnset(conf, out, "spark.scheduler.mode", "FAIR");
    // Quadratic in a projection's columns (SessionSettings.NO_CONSTRAINT_PROPAGATION); the
    // filters it infers are never needed by profile, score or monitor either.
    putIfUnset(conf, out, "spark.sql.constraintPropagation.enabled", "false");
    putIfUnset(conf, out, "spark.ui.showConsoleProgress", "false");
    // HotSpot never compiles a method over 8,000 bytes of bytecode (its HugeMethodLimit), and
    // Spark's own limit lets whole-stage code up to 64 KB through: the scoring query of the
    // demo's ensemble (one 12.8 KB method) ran in the interpreter, 4.8-5.4 s of CPU per task
    // against 3.1-3.8 s with this limit. Above it Spark generates smaller per-operator code, as
    // its docs advise for HotSpot.
    putIfUnset(conf, out, HUGE_METHOD, "8000");
    return out;
  }

  private static void putIfUnset(SparkConf conf, Map<String, String> out, String key, String value) {
    if (!conf.contains(key)) {
      out.put(key, value);
    }
  }

  /** Uses an existing session (tests share one per JVM). */
  public static synchronized void use(SparkSession existing) {
    session = existing;
  }

  static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
  }
}
