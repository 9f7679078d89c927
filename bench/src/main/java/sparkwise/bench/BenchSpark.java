package sparkwise.bench;

import org.apache.spark.sql.SparkSession;

/** The benchmark programs' local SparkSession: UI off, bound to 127.0.0.1, FAIR scheduling, Delta enabled. */
final class BenchSpark {
  static SparkSession session(String app, int shufflePartitions) {
    SparkSession spark = SparkSession.builder().master("local[*]").appName(app)
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.scheduler.mode", "FAIR")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  private BenchSpark() {}
}
