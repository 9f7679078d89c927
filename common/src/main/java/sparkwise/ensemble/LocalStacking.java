package sparkwise.ensemble;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import sparkwise.Task;

/**
 * Stacking on collected out-of-fold predictions: the meta-learner MLlib would fit
 * ({@link BinaryMetaLearner}, {@link MulticlassMetaLearner}, {@link RegressionMetaLearner}), fitted
 * in memory, each held-out part scored by a fit to the other parts and the saved one fitted to all rows.
 */
final class LocalStacking {
  /** The held-out parts' metrics and the meta-learner fitted to all rows. */
  record Fitted(List<Double> metrics, PipelineModel meta) {}

  private LocalStacking() {}

  /** Whether the meta-learner of {@code members} of the view is fitted in memory (else MLlib's, distributed). */
  static boolean supports(Task task, OofView.Local view, int members) {
    int classes = view.scores()[0][0].length;
    // A label the members have no score for (a class one trial never saw) is left to MLlib's fit.
    boolean scored = task != Task.MULTICLASS || java.util.Arrays.stream(view.labels()).allMatch(y -> y < classes);
    return scored && Ensembles.stacksInMemory(task, view.labels().length, members, classes);
  }

  /** A fitted meta-learner: its score of one row's member features, and itself as MLlib's model. */
  interface MetaFit {
    /** A row's scores as a member's: its class probabilities, or the prediction (regression). */
    double[] scores(double[] x);

    PipelineModel asPipeline(String featuresCol);
  }

  static Fitted fit(OofView.Local view, int members, Task task, List<OofView.Part> heldOut, double regParam) {
    int classes = view.scores()[0][0].length;
    double[][] x = switch (task) {
      case BINARY -> BinaryMetaLearner.features(view, members);
      case MULTICLASS -> MulticlassMetaLearner.features(view, members);
      case REGRESSION -> RegressionMetaLearner.features(view, members);
    };
    java.util.function.Function<boolean[], MetaFit> fitOn = use -> switch (task) {
      case BINARY -> BinaryMetaLearner.fit(x, view.labels(), view.weights(), use, regParam);
      case MULTICLASS -> MulticlassMetaLearner.fit(x, view.labels(), view.weights(), use, regParam, classes);
      case REGRESSION -> RegressionMetaLearner.fit(x, view.labels(), view.weights(), use, regParam);
    };
    List<Double> metrics = new ArrayList<>();
    for (OofView.Part part : heldOut) {
      OofView.Local in = view.only(part);
      MetaFit f = fitOn.apply(view.without(part).rows());
      double[][] p = new double[x.length][];
      for (int i = 0; i < x.length; i++) {
        p[i] = in.rows()[i] ? f.scores(x[i]) : null;
      }
      metrics.add(in.metricOf(p));
    }
    return new Fitted(metrics, fitOn.apply(view.rows()).asPipeline(EnsembleModel.META_FEATURES));
  }
}
