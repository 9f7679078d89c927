package sparkwise.tracking;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The schemas of Sparkwise's Delta tables (CONTRACT.md). Columns are only ever added. */
public final class Tables {
  public static final String RUNS = "runs";
  public static final String TRIALS = "trials";
  public static final String LEADERBOARD = "leaderboard";

  private Tables() {}

  public static final StructType RUNS_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType)
      .add("ended_at", DataTypes.TimestampType)
      .add("task", DataTypes.StringType)
      .add("label", DataTypes.StringType)
      .add("seed", DataTypes.LongType)
      .add("config_json", DataTypes.StringType)
      .add("config_hash", DataTypes.StringType)
      .add("input_path", DataTypes.StringType)
      .add("input_format", DataTypes.StringType)
      .add("input_delta_version", DataTypes.LongType)
      .add("rows", DataTypes.LongType)
      .add("metric", DataTypes.StringType)
      .add("best_model", DataTypes.StringType)
      .add("cv_mean", DataTypes.DoubleType)
      .add("holdout_json", DataTypes.StringType)
      .add("model_path", DataTypes.StringType)
      .add("profile_json", DataTypes.StringType)
      .add("error", DataTypes.StringType)
      .add("sparkwise_version", DataTypes.StringType)
      .add("spark_version", DataTypes.StringType)
      .add("java_version", DataTypes.StringType);

  public static final StructType TRIALS_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("trial_id", DataTypes.StringType, false)
      .add("seq", DataTypes.IntegerType, false)
      .add("family", DataTypes.StringType)
      .add("variant", DataTypes.StringType)
      .add("params_json", DataTypes.StringType)
      .add("metric", DataTypes.StringType)
      .add("fold_metrics", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("mean", DataTypes.DoubleType)
      .add("std", DataTypes.DoubleType)
      .add("fit_seconds", DataTypes.DoubleType)
      .add("status", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("ended_at", DataTypes.TimestampType)
      .add("error", DataTypes.StringType);

  public static final StructType LEADERBOARD_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("rank", DataTypes.IntegerType, false)
      .add("model", DataTypes.StringType)
      .add("family", DataTypes.StringType)
      .add("params_json", DataTypes.StringType)
      .add("metric", DataTypes.StringType)
      .add("cv_metric", DataTypes.DoubleType)
      .add("cv_std", DataTypes.DoubleType)
      .add("fit_seconds", DataTypes.DoubleType);
}
