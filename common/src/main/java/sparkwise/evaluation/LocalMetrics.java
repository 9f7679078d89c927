package sparkwise.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Task;

/**
 * The metrics of {@link Metric} computed on the driver from one collect of (label, prediction,
 * score or class probabilities): a holdout or a validation fold of up to {@link #MAX_ROWS} rows is
 * one Spark job instead of MLlib's three to five per metric. Same definitions as MLlib's
 * evaluators (binary F1 of class 1, weighted multiclass F1, log loss clipped at 1e-15), except
 * that ROC and PR areas are exact where MLlib bins scores down to 1,000 thresholds.
 */
public final class LocalMetrics {
  /** Larger predictions tables are evaluated by MLlib's distributed evaluators. */
  public static final long MAX_ROWS = 1_000_000;
  private static final double EPS = 1e-15;

  /** The collected columns of one predictions table. */
  public record Scored(double[] y, double[] prediction, double[] score, double[][] probability, double[] weight) {
    public Scored(double[] y, double[] prediction, double[] score, double[][] probability) {
      this(y, prediction, score, probability, null);
    }

    public int rows() {
      return y.length;
    }

    /**
     * A table from each row's scores (class probabilities, or the prediction alone for regression):
     * a row's class is its most probable one, a tie going to the lower class.
     */
    public static Scored ofScores(double[] y, double[][] scores, double[] weight, boolean classification) {
      int n = y.length;
      double[] pred = new double[n];
      double[] score = classification ? new double[n] : null;
      for (int i = 0; i < n; i++) {
        double[] a = scores[i];
        if (classification) {
          int arg = 0;
          for (int k = 1; k < a.length; k++) {
            arg = a[k] > a[arg] ? k : arg;
          }
          pred[i] = arg;
          score[i] = a.length > 1 ? a[1] : a[0];
        } else {
          pred[i] = a[0];
        }
      }
      return new Scored(y, pred, score, classification ? scores : null, weight);
    }

    /** The row weights, or null when every row counts once. */
    double w(int i) {
      return weight == null ? 1.0 : weight[i];
    }

    /** Whether a binary table lacks one class (ROC and PR areas are then MLlib's to define). */
    boolean oneClass() {
      return score != null && (Arrays.stream(y).allMatch(v -> v > 0.5) || Arrays.stream(y).noneMatch(v -> v > 0.5));
    }
  }

  private LocalMetrics() {}

  /** Whether {@code predictions} has at most {@link #MAX_ROWS} rows (one bounded count). */
  public static boolean fits(Dataset<Row> predictions) {
    return predictions.limit((int) MAX_ROWS + 1).count() <= MAX_ROWS;
  }

  /**
   * Every metric in {@code metrics} over {@code predictions} from one collect, or empty when the
   * table is larger than {@link #MAX_ROWS} or lacks a class (the caller then asks MLlib).
   */
  public static java.util.Optional<Map<String, Double>> of(Dataset<Row> predictions, String labelCol, Task task,
      List<Metric> metrics) {
    if (!fits(predictions)) {
      return java.util.Optional.empty();
    }
    return of(collect(predictions, labelCol, task), task, metrics);
  }

  /** The same from an already collected table. */
  public static java.util.Optional<Map<String, Double>> of(Scored s, Task task, List<Metric> metrics) {
    if (s.rows() == 0 || task == Task.BINARY && s.oneClass()) {
      return java.util.Optional.empty();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric m : metrics) {
      out.put(m.id(), compute(m, task, s));
    }
    return java.util.Optional.of(out);
  }

  public static Scored collect(Dataset<Row> predictions, String labelCol, Task task) {
    return collectWith(predictions, labelCol, task, null)[0];
  }

  /**
   * {@link #collect}, and when {@code scoresCol} is not null a second model's table from the same
   * rows and the same collect: its scores in that array column (class probabilities, or the
   * prediction alone), its prediction the most probable class, a tie going to the lower one.
   */
  public static Scored[] collectWith(Dataset<Row> predictions, String labelCol, Task task, String scoresCol) {
    List<String> cols = Arrays.asList(predictions.columns());
    boolean classification = task.isClassification();
    // Ranked by the probability, as Metric's evaluators are: a decision tree's rawPrediction is
    // its leaf's class counts, which rank rows by leaf size as much as by class.
    String scoreCol = cols.contains("probability") ? "probability" : "rawPrediction";
    List<String> read = new java.util.ArrayList<>(classification
        ? List.of(labelCol, "prediction", scoreCol, "probability") : List.of(labelCol, "prediction"));
    if (scoresCol != null) {
      read.add(scoresCol);
    }
    List<Row> rows = predictions.selectExpr(read.stream().map(c -> "`" + c.replace("`", "``") + "`")
        .toArray(String[]::new)).collectAsList();
    int n = rows.size();
    double[] y = new double[n];
    double[] pred = new double[n];
    double[] score = classification ? new double[n] : null;
    double[][] prob = classification ? new double[n][] : null;
    double[][] other = scoresCol != null ? new double[n][] : null;
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      y[i] = ((Number) r.get(0)).doubleValue();
      pred[i] = ((Number) r.get(1)).doubleValue();
      if (classification) {
        Vector raw = (Vector) r.get(2);
        score[i] = raw.size() > 1 ? raw.apply(1) : raw.apply(0);
        prob[i] = ((Vector) r.get(3)).toArray();
      }
      if (scoresCol != null) {
        List<Object> v = r.getList(read.size() - 1);
        other[i] = new double[v.size()];
        for (int k = 0; k < other[i].length; k++) {
          other[i][k] = ((Number) v.get(k)).doubleValue();
        }
      }
    }
    Scored model = new Scored(y, pred, score, prob);
    return scoresCol == null ? new Scored[] {model}
        : new Scored[] {model, Scored.ofScores(y, other, null, classification)};
  }

  public static double compute(Metric m, Task task, Scored s) {
    return switch (m) {
      case ROC_AUC -> Curves.rocAuc(s.score(), s.y(), s.weight());
      case PR_AUC -> Curves.prAuc(s.score(), s.y(), s.weight());
      case ACCURACY -> accuracy(s);
      case F1 -> task == Task.BINARY ? f1Of(s, 1.0) : weightedF1(s);
      case LOGLOSS -> logLoss(s);
      case R2 -> r2(s);
      case RMSE -> Math.sqrt(meanOf(s, true));
      case MAE -> meanOf(s, false);
    };
  }

  private static double accuracy(Scored s) {
    double right = 0;
    double total = 0;
    for (int i = 0; i < s.y().length; i++) {
      right += s.y()[i] == s.prediction()[i] ? s.w(i) : 0;
      total += s.w(i);
    }
    return right / total;
  }

  private static double f1Of(Scored s, double label) {
    double tp = 0;
    double predicted = 0;
    double actual = 0;
    for (int i = 0; i < s.y().length; i++) {
      boolean p = s.prediction()[i] == label;
      boolean a = s.y()[i] == label;
      predicted += p ? s.w(i) : 0;
      actual += a ? s.w(i) : 0;
      tp += p && a ? s.w(i) : 0;
    }
    double precision = predicted == 0 ? 0 : tp / predicted;
    double recall = actual == 0 ? 0 : tp / actual;
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  private static double weightedF1(Scored s) {
    Map<Double, Double> counts = new java.util.TreeMap<>();
    double total = 0;
    for (int i = 0; i < s.y().length; i++) {
      counts.merge(s.y()[i], s.w(i), Double::sum);
      total += s.w(i);
    }
    double out = 0;
    for (Map.Entry<Double, Double> e : counts.entrySet()) {
      out += e.getValue() / total * f1Of(s, e.getKey());
    }
    return out;
  }

  private static double logLoss(Scored s) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < s.y().length; i++) {
      int k = (int) s.y()[i];
      double p = k < s.probability()[i].length ? s.probability()[i][k] : 0;
      sum -= s.w(i) * Math.log(Math.max(p, EPS));
      total += s.w(i);
    }
    return sum / total;
  }

  private static double meanOf(Scored s, boolean squared) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < s.y().length; i++) {
      double d = s.y()[i] - s.prediction()[i];
      sum += s.w(i) * (squared ? d * d : Math.abs(d));
      total += s.w(i);
    }
    return sum / total;
  }

  /**
   * 1 - SSerr / SStot with MLlib's SStot: the summarizer's unbiased weighted variance times
   * (weight sum - 1), which is the plain sum of squares when every weight is 1.
   */
  private static double r2(Scored s) {
    double total = 0;
    double squares = 0;
    double mean = 0;
    for (int i = 0; i < s.y().length; i++) {
      total += s.w(i);
      squares += s.w(i) * s.w(i);
      mean += s.w(i) * s.y()[i];
    }
    mean /= total;
    double sse = 0;
    double m2 = 0;
    for (int i = 0; i < s.y().length; i++) {
      sse += s.w(i) * (s.y()[i] - s.prediction()[i]) * (s.y()[i] - s.prediction()[i]);
      m2 += s.w(i) * (s.y()[i] - mean) * (s.y()[i] - mean);
    }
    double sst = m2 / (total - squares / total) * (total - 1);
    return 1 - sse / sst;
  }
}
