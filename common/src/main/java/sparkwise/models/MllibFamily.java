package sparkwise.models;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import sparkwise.Task;
import sparkwise.features.FeatureVariant;

/** A family backed by one MLlib predictor per task; hyperparameters map to its params by name. */
final class MllibFamily implements ModelFamily {
  private final String name;
  private final FeatureVariant variant;
  private final Map<Task, Function<EstimatorContext, Predictor<?, ?, ?>>> predictors;
  private final Function<Task, List<Dimension>> space;
  private final Map<String, Object> fixed;

  MllibFamily(
      String name,
      FeatureVariant variant,
      Map<Task, Function<EstimatorContext, Predictor<?, ?, ?>>> predictors,
      Function<Task, List<Dimension>> space,
      Map<String, Object> fixed) {
    this.name = name;
    this.variant = variant;
    this.predictors = predictors;
    this.space = space;
    this.fixed = fixed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(Task task) {
    return predictors.containsKey(task);
  }

  @Override
  public FeatureVariant variant() {
    return variant;
  }

  @Override
  public List<Dimension> space(Task task) {
    return space.apply(task);
  }

  Set<Task> tasks() {
    return predictors.keySet();
  }

  @Override
  @SuppressWarnings("unchecked")
  public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext ctx) {
    Predictor<?, ?, ?> p = predictors.get(task).apply(ctx);
    p.setFeaturesCol(ctx.featuresCol());
    p.setLabelCol(ctx.labelCol());
    ParamMap map = new ParamMap();
    for (Map.Entry<String, Object> e : fixed.entrySet()) {
      if (p.hasParam(e.getKey())) {
        map.put((Param<Object>) p.getParam(e.getKey()), e.getValue());
      }
    }
    for (Map.Entry<String, Object> e : params.entrySet()) {
      map.put((Param<Object>) p.getParam(e.getKey()), e.getValue());
    }
    if (p.hasParam("seed")) {
      map.put((Param<Object>) p.getParam("seed"), ctx.seed());
    }
    if (p.hasParam("maxBins")) {
      map.put((Param<Object>) p.getParam("maxBins"), Math.max(32, ctx.maxCategories() + 1));
    }
    return p.copy(map);
  }
}
