package sparkwise.ensemble;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import sparkwise.Task;
import sparkwise.data.Splitter;
import sparkwise.evaluation.LocalMetrics;
import sparkwise.evaluation.Metric;
import sparkwise.search.OofStore;

/**
 * The joined out-of-fold predictions of an ensemble's candidate members, or a part of them (one
 * fold, or all but one), scored for a weighting of the members: on the driver when the table was
 * small enough to collect ({@link Local}), else by MLlib's evaluators over the Dataset.
 */
interface OofView {
  /** A part of the rows: validation fold {@code fold}, or (one fold only) half {@code half} of the row keys. */
  record Part(int fold, int half) {
    static Part ofFold(int f) {
      return new Part(f, -1);
    }

    static Part ofHalf(int h) {
      return new Part(-1, h);
    }
  }

  double metric(double[] weights);

  OofView only(Part p);

  OofView without(Part p);

  /** The Dataset path: each metric is a few Spark jobs. */
  record Distributed(Dataset<Row> oof, Evaluator evaluator, Task task) implements OofView {
    @Override
    public double metric(double[] w) {
      return evaluator.evaluate(EnsembleModel.weighted(oof, w, task == Task.REGRESSION));
    }

    @Override
    public OofView only(Part p) {
      return new Distributed(oof.filter(column(p)), evaluator, task);
    }

    @Override
    public OofView without(Part p) {
      return new Distributed(oof.filter(functions.not(column(p))), evaluator, task);
    }

    private static Column column(Part p) {
      return p.fold() >= 0 ? col(OofStore.FOLD).equalTo(p.fold())
          : functions.pmod(col(Splitter.ROW_ID), functions.lit(2)).equalTo(p.half());
    }
  }

  /**
   * The collected table: per row its key, fold, label, weight and each member's score vector; a
   * weighting is averaged and scored in memory (the same arithmetic as {@link EnsembleModel#weighted}).
   */
  record Local(long[] keys, int[] folds, double[] labels, double[] weights, double[][][] scores, boolean[] rows,
      Metric metric, Task task) implements OofView {

    /**
     * The members' predictions kept on the driver, joined there on (row key, fold) as the Dataset
     * path joins them (rows every member has), ordered by fold and key.
     */
    static Local joined(List<OofStore.Kept> members, Metric metric, Task task) {
      OofStore.Kept first = members.get(0);
      List<java.util.Map<Entry, Integer>> at = new java.util.ArrayList<>();
      for (OofStore.Kept m : members) {
        java.util.Map<Entry, Integer> index = new java.util.HashMap<>(2 * m.size());
        for (int i = 0; i < m.size(); i++) {
          index.put(new Entry(m.keys()[i], m.folds()[i]), i);
        }
        at.add(index);
      }
      List<Entry> rows = new java.util.ArrayList<>();
      for (int i = 0; i < first.size(); i++) {
        Entry e = new Entry(first.keys()[i], first.folds()[i]);
        if (at.stream().allMatch(index -> index.containsKey(e))) {
          rows.add(e);
        }
      }
      rows.sort(java.util.Comparator.comparingInt(Entry::fold).thenComparingLong(Entry::key));
      int n = rows.size();
      long[] keys = new long[n];
      int[] folds = new int[n];
      double[] labels = new double[n];
      double[] weights = new double[n];
      double[][][] scores = new double[members.size()][n][];
      for (int i = 0; i < n; i++) {
        Entry e = rows.get(i);
        int f = at.get(0).get(e);
        keys[i] = e.key();
        folds[i] = e.fold();
        labels[i] = first.labels()[f];
        weights[i] = first.weights()[f];
        for (int j = 0; j < members.size(); j++) {
          scores[j][i] = members.get(j).scores()[at.get(j).get(e)];
        }
      }
      boolean[] all = new boolean[n];
      java.util.Arrays.fill(all, true);
      return new Local(keys, folds, labels, weights, scores, all, metric, task);
    }

    private record Entry(long key, int fold) {}

    /** The rows as the Dataset path's join has them: key, fold, label, weight, one score array per member. */
    Dataset<Row> asDataset(OofStore store) {
      List<String> members = new java.util.ArrayList<>();
      for (int j = 0; j < scores.length; j++) {
        members.add(EnsembleModel.SCORE_PREFIX + j);
      }
      List<Row> out = new java.util.ArrayList<>(keys.length);
      for (int i = 0; i < keys.length; i++) {
        Object[] v = new Object[4 + scores.length];
        v[0] = keys[i];
        v[1] = folds[i];
        v[2] = labels[i];
        v[3] = weights[i];
        for (int j = 0; j < scores.length; j++) {
          v[4 + j] = scores[j][i];
        }
        out.add(org.apache.spark.sql.RowFactory.create(v));
      }
      return store.spark().createDataFrame(out, store.schema(members)).coalesce(1);
    }

    static Local of(List<Row> collected, int members, Metric metric, Task task) {
      int n = collected.size();
      long[] keys = new long[n];
      int[] folds = new int[n];
      double[] labels = new double[n];
      double[] weights = new double[n];
      double[][][] scores = new double[members][n][];
      for (int i = 0; i < n; i++) {
        Row r = collected.get(i);
        keys[i] = r.getLong(0);
        folds[i] = r.getInt(1);
        labels[i] = r.getDouble(2);
        weights[i] = r.getDouble(3);
        for (int j = 0; j < members; j++) {
          List<Object> v = r.getList(4 + j);
          double[] a = new double[v.size()];
          for (int k = 0; k < a.length; k++) {
            a[k] = ((Number) v.get(k)).doubleValue();
          }
          scores[j][i] = a;
        }
      }
      boolean[] all = new boolean[n];
      java.util.Arrays.fill(all, true);
      return new Local(keys, folds, labels, weights, scores, all, metric, task);
    }

    @Override
    public double metric(double[] w) {
      double total = 0;
      for (double x : w) {
        total += x;
      }
      double sum = total;
      return metricOf(i -> {
        double[] mean = null;
        for (int j = 0; j < w.length; j++) {
          if (w[j] > 0) {
            double[] s = scores[j][i];
            if (mean == null) {
              mean = new double[s.length];
            }
            for (int k = 0; k < s.length; k++) {
              mean[k] += s[k] * (w[j] / sum);
            }
          }
        }
        return mean;
      });
    }

    /** The metric of per-row scores {@code s} (indexed as the collected rows; only this view's are read). */
    double metricOf(double[][] s) {
      return metricOf(i -> s[i]);
    }

    /**
     * The metric of per-row scores (class probabilities, or the prediction for regression) on this
     * view's rows; a row's class is its most probable one, a tie going to the lower class.
     */
    private double metricOf(java.util.function.IntFunction<double[]> scoresOfRow) {
      int n = 0;
      for (boolean b : rows) {
        n += b ? 1 : 0;
      }
      double[] y = new double[n];
      double[][] scored = new double[n][];
      double[] wt = new double[n];
      int out = 0;
      for (int i = 0; i < rows.length; i++) {
        if (rows[i]) {
          scored[out] = scoresOfRow.apply(i);
          y[out] = labels[i];
          wt[out] = weights[i];
          out++;
        }
      }
      return LocalMetrics.compute(metric, task, LocalMetrics.Scored.ofScores(y, scored, wt, task.isClassification()));
    }

    @Override
    public Local only(Part p) {
      return select(p, true);
    }

    @Override
    public Local without(Part p) {
      return select(p, false);
    }

    private Local select(Part p, boolean in) {
      boolean[] keep = new boolean[rows.length];
      for (int i = 0; i < keep.length; i++) {
        boolean match = p.fold() >= 0 ? folds[i] == p.fold() : Math.floorMod(keys[i], 2) == p.half();
        keep[i] = rows[i] && match == in;
      }
      return new Local(keys, folds, labels, weights, scores, keep, metric, task);
    }
  }
}
