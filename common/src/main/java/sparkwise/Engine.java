package sparkwise;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What carries out {@link Sparkwise}'s calls. The library's implementation is found with
 * {@link java.util.ServiceLoader} (as JDBC finds its drivers), so that this package, the public
 * API, depends on none of the packages that implement it and they may all depend on it.
 */
public interface Engine {
  TrainResult train(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options);

  RetrainResult retrain(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options,
      String modelRef, Double promoteMargin);

  ScoreResult score(SparkSession spark, String warehouse, String modelRef, String input, String output,
      boolean overwrite);

  MonitorResult monitor(SparkSession spark, String warehouse, String modelRef, String input, String label,
      TrainConfig.Monitoring thresholds);
}
