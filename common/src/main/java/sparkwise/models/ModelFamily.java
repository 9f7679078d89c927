package sparkwise.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import sparkwise.Task;

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

  /** Columns and facts an estimator needs beyond its hyperparameters. */
  record EstimatorContext(String featuresCol, String labelCol, long seed, int maxCategories) {}
}
