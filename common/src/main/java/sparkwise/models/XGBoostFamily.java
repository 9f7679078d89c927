package sparkwise.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Task;
import sparkwise.features.FeatureVariant;
import sparkwise.models.Dimension.IntRange;
import sparkwise.models.Dimension.RealRange;

/**
 * A family trained by XGBoost through {@link XGBoostStage}: boosted hist trees ({@code xgboost}),
 * a random forest ({@code xgboost_rf}: one round of parallel trees on row and column samples) or
 * an elastic-net linear model ({@code xgboost_linear}: gblinear by coordinate descent). Each has a
 * single-node learner, so its trials can run on the task engine. Left out, with one log line,
 * where XGBoost's native library cannot load.
 */
final class XGBoostFamily implements ModelFamily {
  private static final Logger LOG = LoggerFactory.getLogger(XGBoostFamily.class);
  private static volatile Boolean available;
  private final String name;
  private final FeatureVariant variant;
  private final List<Dimension> space;
  /** Params every trial of the family has (the stage's names), before the searched ones. */
  private final Map<String, Object> fixed;

  private XGBoostFamily(String name, FeatureVariant variant, List<Dimension> space, Map<String, Object> fixed) {
    this.name = name;
    this.variant = variant;
    this.space = space;
    this.fixed = fixed;
  }

  static XGBoostFamily boosted() {
    return new XGBoostFamily("xgboost", FeatureVariant.TREE, List.of(
        new IntRange("numRound", 50, 600, List.of(200, 400)),
        new IntRange("maxDepth", 3, 10, List.of(6, 4, 8)),
        new RealRange("eta", 0.01, 0.3, true, List.of(0.1, 0.05)),
        new RealRange("subsample", 0.5, 1.0, false, List.of(0.8)),
        new RealRange("colsampleBytree", 0.4, 1.0, false, List.of(0.8)),
        new RealRange("minChildWeight", 0.5, 20.0, true, List.of(1.0)),
        new RealRange("lambda", 0.1, 10.0, true, List.of(1.0))), Map.of());
  }

  /** XGBoost's random forest: many deep trees in one round, each on a row sample, columns sampled per split. */
  static XGBoostFamily randomForest() {
    return new XGBoostFamily("xgboost_rf", FeatureVariant.TREE, List.of(
        new IntRange("numParallelTree", 50, 300, List.of(100, 200)),
        new IntRange("maxDepth", 6, 16, List.of(12, 8)),
        new RealRange("subsample", 0.5, 0.9, false, List.of(0.63)),
        new RealRange("colsampleBynode", 0.2, 0.9, false, List.of(0.5, 0.3)),
        new RealRange("minChildWeight", 0.5, 10.0, true, List.of(1.0))),
        Map.of("numRound", 1, "eta", 1.0, "lambda", 1e-5, "subsample", 0.63, "colsampleBytree", 1.0));
  }

  /** An elastic-net linear (or logistic) model on the scaled, one-hot features. */
  static XGBoostFamily linear() {
    return new XGBoostFamily("xgboost_linear", FeatureVariant.LINEAR, List.of(
        // XGBoost scales gblinear's penalties by the rows' weight sum: small values are strong.
        new RealRange("lambda", 1e-6, 1.0, true, List.of(1e-3, 1e-2)),
        new RealRange("alpha", 1e-7, 0.1, true, List.of(1e-5)),
        new IntRange("numRound", 50, 300, List.of(100))),
        Map.of("booster", "gblinear", "eta", 0.5, "subsample", 1.0, "colsampleBytree", 1.0));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean refitsOnAllCores() {
    return !XGBoostLocal.trainsOnOneThread(fixed.getOrDefault("booster", "gbtree"));
  }

  /** A random forest is one boosting round: nothing stops it once it has begun. */
  @Override
  public boolean cuttable() {
    return !Integer.valueOf(1).equals(fixed.get("numRound"));
  }

  @Override
  public boolean supports(Task task) {
    return available();
  }

  /** Whether XGBoost's native library loads on this platform (checked once). */
  static boolean available() {
    if (available == null) {
      synchronized (XGBoostFamily.class) {
        if (available == null) {
          try {
            Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, XGBoostFamily.class.getClassLoader());
            available = true;
          } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            LOG.warn("XGBoost is left out: its native library does not load here ({})", t.toString());
            available = false;
          }
        }
      }
    }
    return available;
  }

  @Override
  public FeatureVariant variant() {
    return variant;
  }

  @Override
  public List<Dimension> space(Task task) {
    return space;
  }

  @Override
  @SuppressWarnings("unchecked")
  public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext ctx) {
    XGBoostStage s = new XGBoostStage();
    ParamMap map = new ParamMap();
    map.put(s.featuresCol(), ctx.featuresCol());
    map.put(s.labelCol(), ctx.labelCol());
    map.put(s.task(), task.id());
    map.put(s.seed(), ctx.seed());
    map.put(s.singleNodeMaxBytes(), ctx.singleNodeMaxBytes());
    Map<String, Object> all = new java.util.LinkedHashMap<>(fixed);
    all.putAll(params);
    for (Map.Entry<String, Object> e : all.entrySet()) {
      Param<Object> p = (Param<Object>) s.getParam(e.getKey());
      Object v = e.getValue();
      map.put(p, p instanceof org.apache.spark.ml.param.IntParam ? (Object) ((Number) v).intValue()
          : p instanceof org.apache.spark.ml.param.DoubleParam ? (Object) ((Number) v).doubleValue() : v);
    }
    return s.copy(map);
  }

  @Override
  public java.util.Optional<XGBoostLocal.Spec> singleNode(Task task, Map<String, Object> params, EstimatorContext ctx,
      int numClasses) {
    XGBoostStage s = (XGBoostStage) estimator(task, params, ctx);
    return java.util.Optional.of(XGBoostLocal.spec(s, task.isClassification() ? numClasses : 0, 1));
  }

  @Override
  public boolean hasSingleNode() {
    return true;
  }
}
