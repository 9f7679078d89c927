package sparkwise.evaluation;

import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Errors;
import sparkwise.Task;

/**
 * A metric: a name, a direction and how MLlib computes it over a predictions Dataset (columns
 * {@code prediction}, {@code rawPrediction}, {@code probability} and the label). Search and
 * ensembling choose only through these.
 */
public enum Metric {
  ROC_AUC("roc_auc", true),
  PR_AUC("pr_auc", true),
  ACCURACY("accuracy", true),
  F1("f1", true),
  LOGLOSS("logloss", false),
  R2("r2", true),
  RMSE("rmse", false),
  MAE("mae", false);

  private final String id;
  private final boolean largerIsBetter;

  Metric(String id, boolean largerIsBetter) {
    this.id = id;
    this.largerIsBetter = largerIsBetter;
  }

  public String id() {
    return id;
  }

  public boolean largerIsBetter() {
    return largerIsBetter;
  }

  /** True when {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    if (Double.isNaN(b)) {
      return !Double.isNaN(a);
    }
    return largerIsBetter ? a > b : a < b;
  }

  /**
   * True when {@code a} is better than {@code b} by more than the rounding noise of distributed
   * sums (relative 1e-9): a choice between near-equal scores then stays the same whatever order
   * Spark summed the rows in, so a resumed run decides as an uninterrupted one.
   */
  public boolean clearlyBetter(double a, double b) {
    if (Double.isNaN(b)) {
      return !Double.isNaN(a);
    }
    double margin = 1e-9 * Math.max(1.0, Math.abs(b));
    return largerIsBetter ? a > b + margin : a < b - margin;
  }

  /** The metrics reported on the holdout for a task (CONTRACT.md, summary {@code holdout}). */
  public static List<Metric> reported(Task task) {
    return switch (task) {
      case BINARY -> List.of(ROC_AUC, PR_AUC, ACCURACY, F1, LOGLOSS);
      case MULTICLASS -> List.of(ACCURACY, F1, LOGLOSS);
      case REGRESSION -> List.of(R2, RMSE, MAE);
    };
  }

  public static Metric defaultFor(Task task) {
    return switch (task) {
      case BINARY -> ROC_AUC;
      case MULTICLASS -> ACCURACY;
      case REGRESSION -> RMSE;
    };
  }

  /** The metric named in the config ("auto" = the task's default), checked against the task. */
  public static Metric resolve(String name, Task task) {
    if (name.equals("auto")) {
      return defaultFor(task);
    }
    List<Metric> allowed = reported(task);
    for (Metric m : allowed) {
      if (m.id.equals(name)) {
        return m;
      }
    }
    throw Errors.notOneOf("metric", name, allowed.stream().map(Metric::id).toList());
  }

  public double compute(Dataset<Row> predictions, String labelCol) {
    return evaluator(labelCol).evaluate(predictions);
  }

  public Evaluator evaluator(String labelCol) {
    return switch (this) {
      // By the probability, not rawPrediction: a decision tree's rawPrediction is its leaf's class
      // counts, and areas under curves of counts rank large leaves first (ROC-AUC 0.32 seen on kc1).
      case ROC_AUC -> new BinaryClassificationEvaluator().setLabelCol(labelCol).setRawPredictionCol("probability")
          .setMetricName("areaUnderROC");
      case PR_AUC -> new BinaryClassificationEvaluator().setLabelCol(labelCol).setRawPredictionCol("probability")
          .setMetricName("areaUnderPR");
      case ACCURACY -> new MulticlassClassificationEvaluator().setLabelCol(labelCol).setMetricName("accuracy");
      // Binary F1 is the positive class's; multiclass F1 is weighted over classes.
      case F1 -> new MulticlassClassificationEvaluator().setLabelCol(labelCol).setMetricName("f1");
      case LOGLOSS -> new MulticlassClassificationEvaluator().setLabelCol(labelCol).setMetricName("logLoss");
      case R2 -> new RegressionEvaluator().setLabelCol(labelCol).setMetricName("r2");
      case RMSE -> new RegressionEvaluator().setLabelCol(labelCol).setMetricName("rmse");
      case MAE -> new RegressionEvaluator().setLabelCol(labelCol).setMetricName("mae");
    };
  }

  /** The evaluator for this metric on a task (binary F1 is the positive class's). */
  public Evaluator evaluator(String labelCol, Task task) {
    if (this == F1 && task == Task.BINARY) {
      return new MulticlassClassificationEvaluator().setLabelCol(labelCol)
          .setMetricName("fMeasureByLabel").setMetricLabel(1.0);
    }
    return evaluator(labelCol);
  }
}
