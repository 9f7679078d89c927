package sparkwise.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Text inputs (CSV, JSON) are parsed once and kept (memory, then disk): the profile, the checks
 * and the split each read the input, and every pass over a gzip file would decompress and parse
 * it again on one core. Fewer partitions than cores (one per gzip file) are spread out first.
 */
final class InputCache {
  private InputCache() {}

  static Dataset<Row> parsedOnce(RunContext ctx, Dataset<Row> raw) {
    String format = ctx.opts().input().format();
    if (!"csv".equals(format) && !"json".equals(format)) {
      return raw;
    }
    int cores = ctx.spark().sparkContext().defaultParallelism();
    Dataset<Row> spread = raw.javaRDD().getNumPartitions() < cores ? raw.repartition(cores) : raw;
    return spread.persist(StorageLevel.MEMORY_AND_DISK());
  }
}
