package sparkwise.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import sparkwise.Task;
import sparkwise.features.FeatureVariant;
import sparkwise.models.Dimension.IntRange;
import sparkwise.models.Dimension.RealRange;

/**
 * A linear SVM (binary) with Platt scaling: {@code LinearSVC} gives margins only, so a logistic
 * regression on its margin turns them into the probabilities ensembles, logloss and thresholds
 * need. Both are plain Spark stages in a nested Pipeline, which a saved PipelineModel holds as is.
 */
final class SvmFamily implements ModelFamily {
  /** The SVM's own output columns, read by the calibration step. */
  static final String MARGIN = "__svm_margin";
  static final String SVM_PREDICTION = "__svm_prediction";

  @Override
  public String name() {
    return "linear_svm";
  }

  @Override
  public boolean supports(Task task) {
    return task == Task.BINARY;
  }

  @Override
  public FeatureVariant variant() {
    return FeatureVariant.LINEAR;
  }

  @Override
  public List<Dimension> space(Task task) {
    return List.of(
        new RealRange("regParam", 1e-4, 1.0, true, List.of(0.01, 0.001, 0.1)),
        new IntRange("maxIter", 50, 300, List.of(100)));
  }

  @Override
  public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext ctx) {
    LinearSVC svm = new LinearSVC().setFeaturesCol(ctx.featuresCol()).setLabelCol(ctx.labelCol())
        .setRawPredictionCol(MARGIN).setPredictionCol(SVM_PREDICTION)
        .setRegParam(((Number) params.getOrDefault("regParam", 0.01)).doubleValue())
        .setMaxIter(((Number) params.getOrDefault("maxIter", 100)).intValue());
    LogisticRegression platt = new LogisticRegression().setFeaturesCol(MARGIN).setLabelCol(ctx.labelCol())
        .setRegParam(1e-6);
    return new Pipeline().setStages(new PipelineStage[] {svm, platt});
  }
}
