package sparkwise.jobs;

import org.apache.spark.sql.SparkSession;
import sparkwise.data.DataSource;
import sparkwise.data.LoadedTable;
import sparkwise.data.TableRef;

/** Reads a SRC argument as the contract describes it. */
final class Inputs {
  private Inputs() {}

  static LoadedTable read(SparkSession spark, String option, String src) {
    return DataSource.read(spark, TableRef.parse(option, src));
  }

  /** Reads the training input under the config's malformed-row policy, saying what was left out. */
  static LoadedTable read(SparkSession spark, String option, String src, sparkwise.MalformedRows malformed,
      sparkwise.Progress progress) {
    LoadedTable t = DataSource.read(spark, TableRef.parse(option, src), malformed);
    if (t.malformedRowsDropped() > 0) {
      progress.phase("left out " + t.malformedRowsDropped() + " malformed rows of " + src
          + " (input.malformed_rows: drop)");
    }
    return t;
  }
}
