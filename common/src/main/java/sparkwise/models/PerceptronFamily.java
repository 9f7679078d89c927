package sparkwise.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import sparkwise.Task;
import sparkwise.features.FeatureVariant;
import sparkwise.models.Dimension.IntRange;
import sparkwise.models.Dimension.RealRange;

/** A one-hidden-layer perceptron (classification) on the scaled, one-hot features. */
final class PerceptronFamily implements ModelFamily {
  @Override
  public String name() {
    return "multilayer_perceptron";
  }

  @Override
  public boolean supports(Task task) {
    return task.isClassification();
  }

  @Override
  public FeatureVariant variant() {
    return FeatureVariant.LINEAR;
  }

  @Override
  public List<Dimension> space(Task task) {
    return List.of(
        new IntRange("hiddenUnits", 4, 128, List.of(32, 16, 64)),
        new IntRange("maxIter", 50, 400, List.of(100, 200)),
        new RealRange("stepSize", 0.003, 0.3, true, List.of(0.03)));
  }

  @Override
  public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext ctx) {
    MultilayerPerceptronClassifier m = new MultilayerPerceptronClassifier()
        .setFeaturesCol(ctx.featuresCol()).setLabelCol(ctx.labelCol()).setSeed(ctx.seed())
        .setMaxIter(((Number) params.getOrDefault("maxIter", 100)).intValue())
        .setStepSize(((Number) params.getOrDefault("stepSize", 0.03)).doubleValue())
        .setSolver("l-bfgs");
    return new SizedPerceptron(m, ((Number) params.getOrDefault("hiddenUnits", 32)).intValue());
  }
}
