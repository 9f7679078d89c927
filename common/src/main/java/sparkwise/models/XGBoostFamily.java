package sparkwise.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Task;
import sparkwise.models.Dimension.IntRange;
import sparkwise.models.Dimension.RealRange;

/** XGBoost (hist trees) through {@link XGBoostStage}; left out, with one log line, where its native library cannot load. */
final class XGBoostFamily implements ModelFamily {
  private static final Logger LOG = LoggerFactory.getLogger(XGBoostFamily.class);
  private static volatile Boolean available;

  @Override
  public String name() {
    return "xgboost";
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
    return FeatureVariant.TREE;
  }

  @Override
  public List<Dimension> space(Task task) {
    return List.of(
        new IntRange("numRound", 50, 600, List.of(200, 400)),
        new IntRange("maxDepth", 3, 10, List.of(6, 4, 8)),
        new RealRange("eta", 0.01, 0.3, true, List.of(0.1, 0.05)),
        new RealRange("subsample", 0.5, 1.0, false, List.of(0.8)),
        new RealRange("colsampleBytree", 0.4, 1.0, false, List.of(0.8)),
        new RealRange("minChildWeight", 0.5, 20.0, true, List.of(1.0)),
        new RealRange("lambda", 0.1, 10.0, true, List.of(1.0)));
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
    for (Map.Entry<String, Object> e : params.entrySet()) {
      Param<Object> p = (Param<Object>) s.getParam(e.getKey());
      Object v = e.getValue();
      map.put(p, p instanceof org.apache.spark.ml.param.IntParam ? (Object) ((Number) v).intValue()
          : p instanceof org.apache.spark.ml.param.DoubleParam ? (Object) ((Number) v).doubleValue() : v);
    }
    return s.copy(map);
  }
}
