package sparkwise.tracking;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Errors;

/**
 * The few ways Sparkwise writes its own Delta tables: create if absent, append exactly once, and
 * retry a write that lost a race to a concurrent commit (bounded, with back-off).
 */
public final class DeltaWrites {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaWrites.class);
  static final int RETRIES = 6;

  private DeltaWrites() {}

  /** Creates an empty Delta table with {@code schema} unless one exists. */
  public static void createIfAbsent(SparkSession spark, String path, StructType schema) {
    retrying(path, () -> {
      if (!DeltaTable.isDeltaTable(spark, path)) {
        spark.createDataFrame(List.<Row>of(), schema).write().format("delta").mode("append").save(path);
      }
      return null;
    });
  }

  /**
   * Appends once per {@code appId}: Delta skips a write whose (txnAppId, txnVersion) it has
   * already committed. Each write is its own app id at version 0, because Delta also skips any
   * version below the last one, and writes may end out of order.
   */
  public static void appendOnce(SparkSession spark, String path, StructType schema, List<Row> rows, String appId) {
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    retrying(path, () -> {
      df.write().format("delta").mode("append").option("mergeSchema", "true").option("txnAppId", appId).option("txnVersion", 0L).save(path);
      return null;
    });
  }

  /** Runs {@code write}, retrying it when a concurrent commit won; other failures are exit 6. */
  public static <T> T retrying(String path, Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (Exception e) { // Delta also throws checked exceptions (DeltaIOException) undeclared
        if (e instanceof sparkwise.SparkwiseException s) {
          throw s;
        }
        if (!isConflict(e) || attempt >= RETRIES) {
          throw Errors.storage(path, "cannot write the Delta table", e);
        }
        LOG.info("Concurrent write to {} (attempt {}), retrying", path, attempt);
        backOff(attempt);
      }
    }
  }

  /** Exponential back-off with jitter, so racing writers do not collide again in lock step. */
  public static void backOff(int attempt) {
    long base = 50L << Math.min(attempt, 6);
    try {
      Thread.sleep(base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw Errors.internal("retry", ie);
    }
  }

  /** Whether a failed write lost an optimistic-concurrency race (and may be retried). */
  public static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String n = t.getClass().getName();
      if (n.contains("Concurrent") || n.contains("ProtocolChanged") || n.contains("MetadataChanged")
          || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException
          || t instanceof java.nio.file.FileAlreadyExistsException) {
        return true;
      }
    }
    return false;
  }
}
