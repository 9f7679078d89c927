package sparkwise.engine;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.Engine;
import sparkwise.MonitorResult;
import sparkwise.RetrainResult;
import sparkwise.ScoreResult;
import sparkwise.TrainConfig;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.monitoring.MonitorFlow;
import sparkwise.scoring.ScoreFlow;
import sparkwise.train.RetrainFlow;
import sparkwise.train.TrainFlow;

/** The library's {@link Engine}: each call is one of the flows (registered in META-INF/services). */
public final class Flows implements Engine {
  @Override
  public TrainResult train(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options) {
    return TrainFlow.run(spark, data, config, options);
  }

  @Override
  public RetrainResult retrain(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options,
      String modelRef, Double promoteMargin) {
    return RetrainFlow.run(spark, data, config, options, modelRef, promoteMargin);
  }

  @Override
  public ScoreResult score(SparkSession spark, String warehouse, String modelRef, String input, String output,
      boolean overwrite) {
    return ScoreFlow.run(spark, warehouse, modelRef, input, output, overwrite);
  }

  @Override
  public MonitorResult monitor(SparkSession spark, String warehouse, String modelRef, String input, String label,
      TrainConfig.Monitoring thresholds) {
    return MonitorFlow.run(spark, warehouse, modelRef, input, label, thresholds);
  }
}
