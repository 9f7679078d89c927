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

  static Fitted fit(OofView.Local view, int members, Task task, List<OofView.Part> heldOut, double regParam) {
    boolean binary = task == Task.BINARY;
    double[][] x = binary ? BinaryMetaLearner.features(view, members) : RegressionMetaLearner.features(view, members);
    List<Double> metrics = new ArrayList<>();
    for (OofView.Part part : heldOut) {
      boolean[] use = view.without(part).rows();
      double[] p = new double[x.length];
      if (binary) {
        BinaryMetaLearner.Fit f = BinaryMetaLearner.fit(x, view.labels(), view.weights(), use, regParam);
        for (int i = 0; i < x.length; i++) {
          p[i] = f.probability(x[i]);
        }
        metrics.add(view.only(part).binaryMetric(p));
      } else {
        RegressionMetaLearner.Fit f = RegressionMetaLearner.fit(x, view.labels(), view.weights(), use, regParam);
        for (int i = 0; i < x.length; i++) {
          p[i] = f.predict(x[i]);
        }
        metrics.add(view.only(part).predictionMetric(p));
      }
    }
    PipelineModel meta = binary
        ? BinaryMetaLearner.fit(x, view.labels(), view.weights(), view.rows(), regParam).asPipeline(EnsembleModel.META_FEATURES)
        : RegressionMetaLearner.fit(x, view.labels(), view.weights(), view.rows(), regParam)
            .asPipeline(EnsembleModel.META_FEATURES);
    return new Fitted(metrics, meta);
  }
}
