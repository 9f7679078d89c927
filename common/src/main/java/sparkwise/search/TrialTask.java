package sparkwise.search;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.TaskContext;
import sparkwise.Task;
import sparkwise.evaluation.LocalMetrics;
import sparkwise.evaluation.Metric;
import sparkwise.models.DenseRows;
import sparkwise.models.XGBoostLocal;

/**
 * One trial as one Spark task: a single-node XGBoost fit on each fold's dense rows (read from a
 * broadcast), the fold's metric, and its out-of-fold predictions, all inside the task. Boosted
 * trees stop early on the fold's validation loss when {@code earlyStopping} is set, and are
 * measured with the rounds it chose (returned, for the trial's refit). Boosting ends at {@code
 * stopAtMillis} (the search's cut-off less a moment to measure the last fold), each fold by its
 * share of the time from the task's start: a trial that would run past the deadline, the first one
 * included, ends with every fold measured on the rounds it had time for, rather than being
 * cancelled with nothing (kddcup99 at 60 s: the first boosted trials, 23 trees a round, were
 * cancelled and the run fell back to an unsearched tree). It stops between two boosting rounds
 * when the task is interrupted (the trial's job group cancelled), and after a fold when it is
 * hopelessly behind the yardstick trial.
 */
record TrialTask(XGBoostLocal.Spec spec, int seq, long runSeed, double fraction, Metric metric, Task task,
    double[] yardstick, double yardstickStd, boolean keepPredictions, boolean earlyStopping, long stopAtMillis)
    implements Serializable {

  /** One dense fold: its training rows and its keyed validation rows. */
  record Fold(int id, DenseRows train, DenseRows valid) implements Serializable {}

  /** One fold's out-of-fold predictions: row keys, labels and scores (probabilities or the value). */
  record Predictions(int fold, long[] keys, float[] labels, double[][] scores) implements Serializable {}

  /**
   * What the task returns to the driver; {@code bestRounds}: per fold, the rounds early stopping
   * chose or, without it, the rounds boosted when the time limit ended them, else 0 (all the
   * rounds proposed); {@code cutFolds}: the folds whose boosting the time limit ended.
   */
  record Outcome(boolean pruned, double[] foldMetrics, double fitSeconds, List<Predictions> predictions,
      int[] bestRounds, int cutFolds) implements Serializable {}

  Outcome run(Fold[] folds) {
    List<Double> metrics = new ArrayList<>();
    List<Predictions> out = new ArrayList<>();
    List<Integer> rounds = new ArrayList<>();
    double fitSeconds = 0;
    boolean early = earlyStopping && XGBoostLocal.stopsEarly(spec);
    long startMillis = System.currentTimeMillis();
    int cut = 0;
    for (int f = 0; f < folds.length; f++) {
      Fold fold = folds[f];
      long foldStop = foldStop(startMillis, stopAtMillis, f, folds.length);
      DenseRows train = fraction < 1 ? sample(fold.train(), fraction, runSeed + fold.id()) : fold.train();
      Map<String, Object> params = new HashMap<>(spec.params());
      params.put("seed", SearchRunner.foldSeed(runSeed, seq, fold.id()));
      XGBoostLocal.Spec foldSpec = new XGBoostLocal.Spec(params, spec.rounds());
      long t0 = System.nanoTime();
      // Early stopping watches the fold's validation rows: the rounds they choose are the ones
      // measured, and the ones a refit of this trial uses (TrialResult#fitParams).
      XGBoostLocal.EarlyStopped fit = early
          ? XGBoostLocal.trainEarlyStopping(train.x(), train.y(), fold.valid().x(), fold.valid().y(), foldSpec,
              TrialTask::interrupted, foldStop)
          : boosted(XGBoostLocal.trainUntil(train.x(), train.y(), foldSpec, TrialTask::interrupted, foldStop));
      cut += fit.cut() ? 1 : 0;
      float[][] raw;
      try {
        fitSeconds += (System.nanoTime() - t0) / 1e9;
        raw = early ? XGBoostLocal.predict(fit.booster(), fold.valid().x(), fit.bestRounds())
            : XGBoostLocal.predict(fit.booster(), fold.valid().x());
      } finally {
        fit.booster().dispose();
      }
      rounds.add(fit.bestRounds());
      LocalMetrics.Scored scored = scored(raw, fold.valid().y());
      metrics.add(LocalMetrics.compute(metric, task, scored));
      if (keepPredictions) {
        out.add(new Predictions(fold.id(), fold.valid().keys(), fold.valid().y(),
            task.isClassification() ? scored.probability() : column(scored.prediction())));
      }
      if (metrics.size() < folds.length && Pruning.hopeless(metrics, yardstick, yardstickStd, metric)) {
        return new Outcome(true, toArray(metrics), fitSeconds, List.of(), ints(rounds), cut);
      }
    }
    return new Outcome(false, toArray(metrics), fitSeconds, out, ints(rounds), cut);
  }

  /**
   * When fold {@code f} of {@code k} stops boosting: its share of the time from {@code start} to
   * {@code stopAt}, counted from the start so that a fold that ended early leaves its time to the next.
   */
  static long foldStop(long start, long stopAt, int f, int k) {
    if (stopAt >= Long.MAX_VALUE / 4) { // no deadline
      return Long.MAX_VALUE;
    }
    return start + Math.max(0, stopAt - start) * (f + 1) / k;
  }

  /**
   * A fit without early stopping as the driver reads it: the rounds boosted when the time limit cut
   * them (the trial's refit then boosts about as many), else 0 (the rounds proposed).
   */
  private static XGBoostLocal.EarlyStopped boosted(XGBoostLocal.Trained t) {
    return new XGBoostLocal.EarlyStopped(t.booster(), t.cut() ? t.rounds() : 0, t.cut());
  }

  /** The booster's outputs as the metrics read them (XGBoost-Spark's probability and prediction columns). */
  LocalMetrics.Scored scored(float[][] raw, float[] labels) {
    int n = labels.length;
    double[] y = new double[n];
    double[] prediction = new double[n];
    double[] score = task.isClassification() ? new double[n] : null;
    double[][] probability = task.isClassification() ? new double[n][] : null;
    for (int i = 0; i < n; i++) {
      y[i] = labels[i];
      if (task == Task.REGRESSION) {
        prediction[i] = raw[i][0];
        continue;
      }
      double[] p = raw[i].length == 1 ? new double[] {1 - raw[i][0], raw[i][0]} : toDoubles(raw[i]);
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        best = p[k] > p[best] ? k : best;
      }
      probability[i] = p;
      prediction[i] = best;
      score[i] = p[1];
    }
    return new LocalMetrics.Scored(y, prediction, score, probability);
  }

  /** A seeded Bernoulli sample of the rows (successive halving's lower rungs). */
  static DenseRows sample(DenseRows rows, double fraction, long seed) {
    Random r = new Random(seed);
    int[] index = java.util.stream.IntStream.range(0, rows.rows()).filter(i -> r.nextDouble() < fraction).toArray();
    return rows.rows(index);
  }

  private static boolean interrupted() {
    TaskContext tc = TaskContext.get();
    return Thread.currentThread().isInterrupted() || tc != null && tc.isInterrupted();
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static double[][] column(double[] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = new double[] {v[i]};
    }
    return out;
  }

  private static int[] ints(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
