package sparkwise.tracking;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The schemas of Sparkwise's Delta tables (CONTRACT.md). Columns are only ever added. */
public final class Tables {
  public static final String RUNS = "runs";
  public static final String TRIALS = "trials";
  public static final String LEADERBOARD = "leaderboard";
  public static final String MODELS = "models";
  public static final String ALIASES = "aliases";
  public static final String MONITORING = "monitoring";
  public static final String SCORING = "scoring";
  public static final String RETRAIN_DECISIONS = "retrain_decisions";

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
      .add("java_version", DataTypes.StringType)
      .add("input_fingerprint", DataTypes.StringType)
      .add("timing_json", DataTypes.StringType);

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
      .add("error", DataTypes.StringType)
      .add("data_fraction", DataTypes.DoubleType)
      .add("engine", DataTypes.StringType)
      .add("best_rounds", DataTypes.IntegerType);

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

  /** One row per registered model version. */
  public static final StructType MODELS_SCHEMA = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("registered_at", DataTypes.TimestampType)
      .add("registered_by", DataTypes.StringType)
      .add("run_id", DataTypes.StringType)
      .add("model_path", DataTypes.StringType)
      .add("task", DataTypes.StringType)
      .add("label", DataTypes.StringType)
      .add("metric", DataTypes.StringType)
      .add("cv_mean", DataTypes.DoubleType)
      .add("holdout_json", DataTypes.StringType)
      .add("best_model", DataTypes.StringType)
      .add("params_json", DataTypes.StringType)
      .add("features", DataTypes.createArrayType(DataTypes.StringType))
      .add("input_path", DataTypes.StringType)
      .add("input_format", DataTypes.StringType)
      .add("input_delta_version", DataTypes.LongType)
      .add("config_hash", DataTypes.StringType)
      .add("seed", DataTypes.LongType)
      .add("sparkwise_version", DataTypes.StringType)
      .add("spark_version", DataTypes.StringType)
      .add("java_version", DataTypes.StringType)
      .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  /** Append-only history of alias moves; the latest {@code seq} per (name, alias) is current. */
  public static final StructType ALIASES_SCHEMA = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("alias", DataTypes.StringType, false)
      .add("seq", DataTypes.LongType, false)
      .add("version", DataTypes.LongType, false)
      .add("previous_version", DataTypes.LongType)
      .add("action", DataTypes.StringType)
      .add("changed_at", DataTypes.TimestampType)
      .add("changed_by", DataTypes.StringType);

  /** One row per check of one feature (or the model's metric) in one {@code monitor} run. */
  public static final StructType MONITORING_SCHEMA = new StructType()
      .add("monitor_id", DataTypes.StringType, false)
      .add("checked_at", DataTypes.TimestampType)
      .add("model_name", DataTypes.StringType)
      .add("model_version", DataTypes.LongType)
      .add("model_path", DataTypes.StringType)
      .add("data_path", DataTypes.StringType)
      .add("data_delta_version", DataTypes.LongType)
      .add("rows", DataTypes.LongType)
      .add("feature", DataTypes.StringType)
      .add("check", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("threshold", DataTypes.DoubleType)
      .add("alert", DataTypes.BooleanType);

  /** One row per {@code score} run. */
  public static final StructType SCORING_SCHEMA = new StructType()
      .add("scoring_id", DataTypes.StringType, false)
      .add("scored_at", DataTypes.TimestampType)
      .add("model_name", DataTypes.StringType)
      .add("model_version", DataTypes.LongType)
      .add("model_path", DataTypes.StringType)
      .add("data_path", DataTypes.StringType)
      .add("data_delta_version", DataTypes.LongType)
      .add("output_path", DataTypes.StringType)
      .add("rows", DataTypes.LongType);

  /**
   * One row per {@code retrain} decision: the candidate and the alias holder measured on the same
   * holdout rows, and whether the alias moved ({@code promoted}), stayed ({@code kept}) or lost a
   * race ({@code conflict}).
   */
  public static final StructType RETRAIN_DECISIONS_SCHEMA = new StructType()
      .add("decision_id", DataTypes.StringType, false)
      .add("decided_at", DataTypes.TimestampType)
      .add("name", DataTypes.StringType)
      .add("alias", DataTypes.StringType)
      .add("run_id", DataTypes.StringType)
      .add("candidate_version", DataTypes.LongType)
      .add("holder_version", DataTypes.LongType)
      .add("metric", DataTypes.StringType)
      .add("candidate_metric", DataTypes.DoubleType)
      .add("holder_metric", DataTypes.DoubleType)
      .add("margin", DataTypes.DoubleType)
      .add("decision", DataTypes.StringType)
      .add("reason", DataTypes.StringType);
}
