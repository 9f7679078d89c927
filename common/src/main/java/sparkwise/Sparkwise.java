package sparkwise;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.config.TrainConfig;

/**
 * The Java API: train inside your own Spark application.
 *
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.defaults().withLabel("churned");
 * TrainResult r = Sparkwise.train(spark, df, cfg, TrainOptions.of("/tmp/warehouse"));
 * r.model().transform(newRows);
 * }</pre>
 */
public final class Sparkwise {
  private Sparkwise() {}

  public static TrainResult train(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options) {
    return new TrainRun(spark, config, options).run(data);
  }
}
