package sparkwise.ensemble;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import sparkwise.Task;

/**
 * Stacking on collected out-of-fold predictions, binary or regression: the meta-learner MLlib
 * would fit ({@link BinaryMetaLearner}, {@link RegressionMetaLearner}), fitted in memory, each
 * held-out part scored by a fit to the other parts and the saved one fitted to all rows.
 */
final class LocalStacking {
  /** The held-out parts' metrics and the meta-learner fitted to all rows. */
  record Fitted(List<Double> metrics, PipelineModel meta) {}

  private LocalStacking() {}

  /** Whether {@code task}'s meta-learner is fitted in memory (multiclass stacking stays MLlib's). */
  static boolean supports(Task task) {
    return task == Task.BINARY || task == Task.REGRESSION;
  }

  /** A fitted meta-learner: its score of one row's member features, and itself as MLlib's model. */
  interface MetaFit {
    /** The class-1 probability (binary) or the prediction (regression). */
    double score(double[] x);

    PipelineModel asPipeline(String featuresCol);
  }

  static Fitted fit(OofView.Local view, int members, Task task, List<OofView.Part> heldOut, double regParam) {
    boolean binary = task == Task.BINARY;
    double[][] x = binary ? BinaryMetaLearner.features(view, members) : RegressionMetaLearner.features(view, members);
    java.util.function.Function<boolean[], MetaFit> fitOn = use -> binary
        ? BinaryMetaLearner.fit(x, view.labels(), view.weights(), use, regParam)
        : RegressionMetaLearner.fit(x, view.labels(), view.weights(), use, regParam);
    List<Double> metrics = new ArrayList<>();
    for (OofView.Part part : heldOut) {
      MetaFit f = fitOn.apply(view.without(part).rows());
      double[] p = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        p[i] = f.score(x[i]);
      }
      metrics.add(binary ? view.only(part).binaryMetric(p) : view.only(part).predictionMetric(p));
    }
    return new Fitted(metrics, fitOn.apply(view.rows()).asPipeline(EnsembleModel.META_FEATURES));
  }
}
