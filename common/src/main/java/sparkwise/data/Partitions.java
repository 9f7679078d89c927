package sparkwise.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How many partitions small prepared rows keep. MLlib's iterative fitters run one Spark job per
 * iteration over every partition, and the preprocessing of a small table is hundreds of short
 * jobs: on rows spread over many partitions (a cluster's default parallelism, or what a shuffle
 * left) the per-task overhead is nearly all of the work.
 */
public final class Partitions {
  /** At most one partition per this many rows. */
  public static final long ROWS_PER_PARTITION = 64_000;

  private Partitions() {}

  /** {@code rows} (about {@code count} of them) regrouped without a shuffle into as few partitions as they need. */
  public static Dataset<Row> fewer(Dataset<Row> rows, long count) {
    int wanted = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (count + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
    return wanted < rows.rdd().getNumPartitions() ? rows.coalesce(wanted) : rows;
  }
}
