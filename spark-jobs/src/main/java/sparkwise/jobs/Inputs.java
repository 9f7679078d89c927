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
}
