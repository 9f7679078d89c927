package sparkwise.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import sparkwise.Task;
import sparkwise.features.FeatureVariant;

/** A kind of model that the search can try: its tasks, its search space, its estimator. */
public interface ModelFamily {
  /** The name used in configs and leaderboards, e.g. {@code random_forest}. */
  String name();

  boolean supports(Task task);

  /** Which preprocessing the family needs; families of one variant share fitted preprocessing. */
  FeatureVariant variant();

  List<Dimension> space(Task task);

  /**
   * An estimator with the given hyperparameters, reading {@code featuresCol} and
   * {@code labelCol}. {@code maxCategories} is the largest categorical cardinality in the
   * features, for tree families' {@code maxBins}.
   */
  PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext context);

  /**
   * XGBoost's parameters for a fit of these hyperparameters on one node ({@code numClasses} 0 for
   * regression), or empty when the family has no single-node learner: then its trials always run
   * on the distributed engine.
   */
  default java.util.Optional<XGBoostLocal.Spec> singleNode(Task task, Map<String, Object> params,
      EstimatorContext context, int numClasses) {
    return java.util.Optional.empty();
  }

  /**
   * Whether a running fit can be cut short at a deadline: boosting stops between rounds, and a
   * distributed fit's jobs are cancelled. A forest grown in one round cannot be.
   */
  default boolean cuttable() {
    return true;
  }

  /**
   * Whether a single-node fit of the family uses every core of the driver, so that a refit runs
   * faster than its one-thread trials did. XGBoost's linear booster trains on one thread
   * ({@link XGBoostLocal#spec}).
   */
  default boolean refitsOnAllCores() {
    return true;
  }

  /** Whether {@link #singleNode} gives a spec. */
  default boolean hasSingleNode() {
    return false;
  }

  /**
   * Columns and facts an estimator needs beyond its hyperparameters. {@code singleNodeMaxBytes}:
   * a fit whose dense rows take at most this many bytes may run on the driver with a single-node
   * learner (0: always distributed; the search's trials pass 0, they have their own engine).
   */
  record EstimatorContext(String featuresCol, String labelCol, long seed, int maxCategories, long singleNodeMaxBytes) {
    public EstimatorContext(String featuresCol, String labelCol, long seed, int maxCategories) {
      this(featuresCol, labelCol, seed, maxCategories, XGBoostLocal.defaultMaxBytes());
    }
  }
}
