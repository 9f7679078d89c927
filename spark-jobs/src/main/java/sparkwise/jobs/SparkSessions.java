package sparkwise.jobs;

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

  public static synchronized SparkSession get() {
    if (session == null) {
      SparkConf conf = new SparkConf(true);
      SparkSession.Builder b = SparkSession.builder()
          .appName("sparkwise")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
      if (!conf.contains("spark.master")) {
        if (!conf.contains(FILE_IMPL)) {
          // Embedded, the warehouse is usually local: file: paths without a process per file
          // status and per created file (LocalFiles; saving the demo's model: 10-14 s -> 2-3 s).
          b.config(FILE_IMPL, sparkwise.data.LocalFiles.class.getName());
        }
        b.master("local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())))
            // Delta rebuilds a table's state in this many tasks (default 50): Sparkwise's own tables
            // are small, and on a few local cores 50 tasks cost seconds per commit.
            .config("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())))
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1");
      }
      if (!conf.contains("spark.scheduler.mode")) {
        // Concurrent trials each run in their own pool and share the executors fairly.
        b.config("spark.scheduler.mode", "FAIR");
      }
      if (!conf.contains("spark.sql.constraintPropagation.enabled")) {
        // Quadratic in a projection's columns (SessionSettings.NO_CONSTRAINT_PROPAGATION); the
        // filters it infers are never needed by profile, score or monitor either.
        b.config("spark.sql.constraintPropagation.enabled", "false");
      }
      if (!conf.contains("spark.ui.showConsoleProgress")) {
        b.config("spark.ui.showConsoleProgress", "false");
      }
      session = b.getOrCreate();
    }
    return session;
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
