package sparkwise.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Text inputs (CSV, JSON) are parsed once and kept (memory, then disk), at the run's start: the
 * profile, the checks and the split each read the input, and every pass over a gzip file would
 * decompress and parse it again on one core. Fewer partitions than cores (one per gzip file) are
 * spread out first.
 */
final class InputCache {
  /** Above this many columns the rows are kept as rows, not in Spark's columnar cache. */
  static final int WIDE_COLUMNS = 1000;

  private InputCache() {}

  static Dataset<Row> parsedOnce(RunContext ctx, Dataset<Row> raw) {
    String format = ctx.opts().input().format();
    if (!"csv".equals(format) && !"json".equals(format)) {
      return raw;
    }
    int cores = ctx.spark().sparkContext().defaultParallelism();
    Dataset<Row> spread = raw.javaRDD().getNumPartitions() < cores ? raw.repartition(cores) : raw;
    // Spark's columnar cache costs per column: on 500 rows × 5,001 columns building it took 10 s
    // and each pass over it 4 s; the rows kept as they are took 2.8 s and 0.5 s.
    try {
      if (raw.columns().length > WIDE_COLUMNS) {
        return spread.localCheckpoint(true);
      }
      // Kept now, as the input's read: the profile's statistics then start from parsed rows, and
      // its time is the profile's own (the parse had been its first job: 1-2 s of kr-vs-kp's 4-5 s).
      Dataset<Row> kept = spread.persist(StorageLevel.MEMORY_AND_DISK());
      kept.count();
      return kept;
    } catch (sparkwise.SparkwiseException e) {
      throw e;
    } catch (Exception e) { // the first pass over the input: a failure here means it cannot be read
      throw sparkwise.Errors.unreadableInput(ctx.opts().input().path(), format, e);
    }
  }
}
