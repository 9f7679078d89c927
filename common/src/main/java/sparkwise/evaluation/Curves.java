package sparkwise.evaluation;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Exact areas under the ROC and precision–recall curves, with ties in the score taken together
 * (one curve point per distinct score, as MLlib's {@code BinaryClassificationMetrics} without
 * binning): ROC by the trapezoidal rule from (0, 0); PR by the trapezoidal rule from
 * (0, precision at the highest score), as MLlib draws it.
 */
final class Curves {
  private Curves() {}

  /** (score, label) sorted by descending score. */
  private static Integer[] order(double[] score) {
    Integer[] idx = new Integer[score.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
    return idx;
  }

  static double rocAuc(double[] score, double[] y) {
    return rocAuc(score, y, null);
  }

  /** With row weights {@code w} (null: each row counts once): counts become sums of weights. */
  static double rocAuc(double[] score, double[] y, double[] w) {
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] > 0.5) {
        pos += w == null ? 1 : w[i];
      } else {
        neg += w == null ? 1 : w[i];
      }
    }
    if (pos == 0 || neg == 0) {
      return Double.NaN; // one class only: the curve's rates divide by zero, as in MLlib
    }
    Integer[] idx = order(score);
    double area = 0;
    double tp = 0;
    int i = 0;
    while (i < idx.length) {
      double s = score[idx[i]];
      double dtp = 0;
      double dfp = 0;
      while (i < idx.length && score[idx[i]] == s) {
        double wi = w == null ? 1 : w[idx[i]];
        if (y[idx[i]] > 0.5) {
          dtp += wi;
        } else {
          dfp += wi;
        }
        i++;
      }
      area += (dfp / neg) * ((tp + tp + dtp) / 2.0 / pos);
      tp += dtp;
    }
    return area;
  }

  static double prAuc(double[] score, double[] y) {
    return prAuc(score, y, null);
  }

  static double prAuc(double[] score, double[] y, double[] w) {
    double pos = 0;
    for (int i = 0; i < y.length; i++) {
      pos += y[i] > 0.5 ? (w == null ? 1 : w[i]) : 0;
    }
    if (pos == 0) {
      return Double.NaN;
    }
    Integer[] idx = order(score);
    double area = 0;
    double tp = 0;
    double fp = 0;
    double lastRecall = 0;
    double lastPrecision = Double.NaN;
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
      double recall = tp / pos;
      double precision = tp + fp == 0 ? 1.0 : tp / (tp + fp);
      if (Double.isNaN(lastPrecision)) {
        lastPrecision = precision; // MLlib's first point: (0, precision at the highest score)
      }
      area += (recall - lastRecall) * (precision + lastPrecision) / 2.0;
      lastRecall = recall;
      lastPrecision = precision;
    }
    return area;
  }

  /** ROC points (false positive rate, true positive rate) from (0, 0) to (1, 1), at most about {@code bins}. */
  static java.util.List<double[]> roc(double[] score, double[] y, int bins) {
    long pos = Arrays.stream(y).filter(v -> v > 0.5).count();
    long neg = y.length - pos;
    java.util.List<double[]> out = new java.util.ArrayList<>();
    out.add(new double[] {0, 0});
    walk(score, y, (tp, fp) -> out.add(new double[] {neg == 0 ? 0 : fp / neg, pos == 0 ? 0 : tp / pos}));
    out.add(new double[] {1, 1});
    return thin(out, bins);
  }

  /** Precision–recall points (recall, precision), starting at (0, precision at the highest score). */
  static java.util.List<double[]> pr(double[] score, double[] y, int bins) {
    long pos = Arrays.stream(y).filter(v -> v > 0.5).count();
    java.util.List<double[]> out = new java.util.ArrayList<>();
    walk(score, y, (tp, fp) -> {
      double precision = tp + fp == 0 ? 1.0 : tp / (tp + fp);
      if (out.isEmpty()) {
        out.add(new double[] {0, precision});
      }
      out.add(new double[] {pos == 0 ? 0 : tp / pos, precision});
    });
    return thin(out, bins);
  }

  /** Calls {@code at(tp, fp)} after each distinct score, highest first. */
  private static void walk(double[] score, double[] y, java.util.function.BiConsumer<Double, Double> at) {
    Integer[] idx = order(score);
    double tp = 0;
    double fp = 0;
    int i = 0;
    while (i < idx.length) {
      double s = score[idx[i]];
      while (i < idx.length && score[idx[i]] == s) {
        if (y[idx[i]] > 0.5) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      at.accept(tp, fp);
    }
  }

  /** Every k-th point, the first and last kept, so that about {@code bins} remain. */
  private static java.util.List<double[]> thin(java.util.List<double[]> pts, int bins) {
    if (pts.size() <= bins) {
      return pts;
    }
    int k = (int) Math.ceil((double) pts.size() / bins);
    java.util.List<double[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < pts.size(); i += k) {
      out.add(pts.get(i));
    }
    if (out.get(out.size() - 1) != pts.get(pts.size() - 1)) {
      out.add(pts.get(pts.size() - 1));
    }
    return out;
  }
}
