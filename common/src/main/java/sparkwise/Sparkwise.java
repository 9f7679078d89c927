package sparkwise;

import java.util.ServiceLoader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Java API: train inside your own Spark application.
 *
 * <pre>{@code
 * TrainConfig cfg = ConfigLoader.fromYaml("inline", "label: churned\nbudget: 10m", ConfigOverrides.none());
 * TrainResult r = Sparkwise.train(spark, df, cfg);              // warehouse ./sparkwise-warehouse
 * r.model().transform(newRows);                                  // a plain PipelineModel
 * r.leaderboard().forEach(t -> System.out.println(t.candidate().family() + " " + t.mean()));
 * r.summary().get("holdout");                                    // the summary JSON of CONTRACT.md
 * }</pre>
 */
public final class Sparkwise {
  /** The warehouse the CLI also defaults to. */
  public static final String DEFAULT_WAREHOUSE = "./sparkwise-warehouse";

  private Sparkwise() {}

  /** Looked up once, through the loader that loaded this class (a Spark job's jar, not the thread's). */
  private static final class Holder {
    static final Engine ENGINE = ServiceLoader.load(Engine.class, Engine.class.getClassLoader()).findFirst()
        .orElseThrow(() -> Errors.internal("no " + Engine.class.getName() + " on the class path "
            + "(META-INF/services/" + Engine.class.getName() + " missing from the jar)", null));
  }

  /** Trains with the tables and model under {@link #DEFAULT_WAREHOUSE}. */
  public static TrainResult train(SparkSession spark, Dataset<Row> data, TrainConfig config) {
    return train(spark, data, config, TrainOptions.of(DEFAULT_WAREHOUSE));
  }

  public static TrainResult train(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options) {
    return Holder.ENGINE.train(spark, data, config, options);
  }

  /**
   * Retrains registered model {@code modelRef} ({@code NAME@ALIAS} or {@code NAME:V}) on
   * {@code data}: a warm-started run registered as the model's next version, measured against the
   * current version on the same holdout rows; with a {@code promoteMargin} the alias moves to the
   * candidate when it wins by more than the margin (a lost race is a conflict).
   */
  public static RetrainResult retrain(SparkSession spark, Dataset<Row> data, TrainConfig config, TrainOptions options,
      String modelRef, Double promoteMargin) {
    return Holder.ENGINE.retrain(spark, data, config, options, modelRef, promoteMargin);
  }

  /**
   * Scores table {@code input} (a path, {@code delta:PATH[@VERSION]} or {@code table:db.name})
   * with model {@code modelRef} ({@code NAME@ALIAS}, {@code NAME:VERSION} or a model folder) into
   * {@code output}: Delta, or Parquet / CSV by its ending, never over an existing table unless
   * {@code overwrite}. The input is checked against the training schema before anything is
   * written; the run is recorded in the warehouse's {@code scoring} table.
   */
  public static ScoreResult score(SparkSession spark, String warehouse, String modelRef, String input, String output,
      boolean overwrite) {
    return Holder.ENGINE.score(spark, warehouse, modelRef, input, output, overwrite);
  }

  /**
   * Checks table {@code input} for drift against model {@code modelRef}'s training baseline and,
   * with a {@code label} column (null: none), the model's metric against its training holdout; every
   * check is appended to the warehouse's {@code monitoring} table. Checks over their thresholds
   * are in the result ({@link MonitorResult#alert()}), not thrown.
   */
  public static MonitorResult monitor(SparkSession spark, String warehouse, String modelRef, String input, String label,
      TrainConfig.Monitoring thresholds) {
    return Holder.ENGINE.monitor(spark, warehouse, modelRef, input, label, thresholds);
  }
}
