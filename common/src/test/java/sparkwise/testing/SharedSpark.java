package sparkwise.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM (spark-testing-base has no Spark 4 build): two cores, no
 * UI, two shuffle partitions, Delta configured, small Delta snapshots, the CLI's local file system.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("sparkwise-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.hadoop.fs.file.impl", sparkwise.data.LocalFiles.class.getName()) // as the CLI's local session
          .config("spark.sql.codegen.hugeMethodLimit", "8000") // as the CLI's session (SparkSessions)
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
