package sparkwise.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Exact areas under the ROC and precision–recall curves, and their points, with ties in the
 * score taken together (one curve point per distinct score, as MLlib's
 * {@code BinaryClassificationMetrics} without binning) and optional row weights (counts become
 * sums of weights): ROC by the trapezoidal rule from (0, 0); PR by the trapezoidal rule from
 * (0, precision at the highest score), as MLlib draws it.
 */
final class Curves {
  private Curves() {}

  /** Cumulative (true positives, false positives) after each distinct score, highest first. */
  private interface Step {
    void at(double tp, double fp);
  }

  /** Total weight of the positive ({@code positive} true) or negative rows. */
  private static double total(double[] y, double[] w, boolean positive) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (y[i] > 0.5) == positive ? (w == null ? 1 : w[i]) : 0;
    }
    return sum;
  }

  private static void walk(double[] score, double[] y, double[] w, Step step) {
    Integer[] idx = new Integer[score.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
    double tp = 0;
    double fp = 0;
    int i = 0;
    while (i < idx.length) {
      double s = score[idx[i]];
      while (i < idx.length && score[idx[i]] == s) {
        double wi = w == null ? 1 : w[idx[i]];
        if (y[idx[i]] > 0.5) {
          tp += wi;
        } else {
          fp += wi;
        }
        i++;
      }
      step.at(tp, fp);
    }
  }

  static double rocAuc(double[] score, double[] y, double[] w) {
    List<double[]> pts = roc(score, y, w);
    return pts == null ? Double.NaN : area(pts);
  }

  static double prAuc(double[] score, double[] y, double[] w) {
    List<double[]> pts = pr(score, y, w);
    return pts == null ? Double.NaN : area(pts);
  }

  /** ROC points (false positive rate, true positive rate) from (0, 0) to (1, 1); null with one class only. */
  static List<double[]> roc(double[] score, double[] y, double[] w) {
    double pos = total(y, w, true);
    double neg = total(y, w, false);
    if (pos == 0 || neg == 0) {
      return null; // the curve's rates would divide by zero
    }
    List<double[]> out = new ArrayList<>();
    out.add(new double[] {0, 0});
    walk(score, y, w, (tp, fp) -> out.add(new double[] {fp / neg, tp / pos}));
    out.add(new double[] {1, 1});
    return out;
  }

  /** Precision–recall points (recall, precision) from (0, precision at the highest score); null without positives. */
  static List<double[]> pr(double[] score, double[] y, double[] w) {
    double pos = total(y, w, true);
    if (pos == 0) {
      return null;
    }
    List<double[]> out = new ArrayList<>();
    walk(score, y, w, (tp, fp) -> {
      double precision = tp + fp == 0 ? 1.0 : tp / (tp + fp);
      if (out.isEmpty()) {
        out.add(new double[] {0, precision});
      }
      out.add(new double[] {tp / pos, precision});
    });
    return out;
  }

  /** The trapezoidal area under a curve's points, in order of x. */
  private static double area(List<double[]> pts) {
    double a = 0;
    for (int i = 1; i < pts.size(); i++) {
      a += (pts.get(i)[0] - pts.get(i - 1)[0]) * (pts.get(i)[1] + pts.get(i - 1)[1]) / 2.0;
    }
    return a;
  }

  /** Every k-th point, the first and last kept, so that about {@code bins} remain (for plotting). */
  static List<double[]> thin(List<double[]> pts, int bins) {
    if (pts == null || pts.size() <= bins) {
      return pts == null ? List.of() : pts;
    }
    int k = (int) Math.ceil((double) pts.size() / bins);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < pts.size(); i += k) {
      out.add(pts.get(i));
    }
    if (out.get(out.size() - 1) != pts.get(pts.size() - 1)) {
      out.add(pts.get(pts.size() - 1));
    }
    return out;
  }
}
