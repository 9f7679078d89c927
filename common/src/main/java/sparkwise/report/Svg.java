package sparkwise.report;

import static sparkwise.report.Html.esc;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts (no scripts, no external resources): lines, points, bars and a heat map. */
final class Svg {
  static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
  private static final int W = 560;
  private static final int H = 320;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 44;

  private Svg() {}

  /** One data series: drawn as a polyline ({@code line}), a step line ({@code step}) or dots. */
  record Series(String name, double[][] points, String style) {}

  /** A chart with axes; {@code x}/{@code y} are {min, max} or null to fit the data. */
  static String xy(String title, String xLabel, String yLabel, List<Series> series, double[] x, double[] y,
      boolean diagonal) {
    double[] xr = x != null ? x : range(series, 0);
    double[] yr = y != null ? y : range(series, 1);
    Scale sx = new Scale(xr[0], xr[1], LEFT, W - RIGHT);
    Scale sy = new Scale(yr[0], yr[1], H - BOTTOM, TOP);
    StringBuilder b = open(title);
    axes(b, sx, sy, xLabel, yLabel);
    if (diagonal) {
      double lo = Math.max(xr[0], yr[0]);
      double hi = Math.min(xr[1], yr[1]);
      b.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
          sx.at(lo), sy.at(lo), sx.at(hi), sy.at(hi)));
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String color = COLORS[i % COLORS.length];
      if (s.style().equals("dots")) {
        for (double[] p : s.points()) {
          b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" "
              + "fill-opacity=\"0.6\"/>", sx.at(p[0]), sy.at(p[1]), color));
        }
      } else {
        StringBuilder pts = new StringBuilder();
        double[] prev = null;
        for (double[] p : s.points()) {
          if (s.style().equals("step") && prev != null) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.at(p[0]), sy.at(prev[1])));
          }
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.at(p[0]), sy.at(p[1])));
          prev = p;
        }
        b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
            .append(pts.toString().trim()).append("\"/>");
      }
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>", W - RIGHT - 170, TOP + 4 + 16 * i, color,
          W - RIGHT - 155, TOP + 13 + 16 * i, esc(s.name())));
    }
    return b.append("</svg>").toString();
  }

  /** Horizontal bars, one per label, longest first as given. */
  static String bars(String title, List<String> labels, double[] values) {
    int rowH = 18;
    int left = 220;
    int height = TOP + rowH * labels.size() + 12;
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "role=\"img\"><title>%s</title><text x=\"8\" y=\"18\" class=\"title\">%s</text>",
        W, height, W, height, esc(title), esc(title)));
    for (int i = 0; i < labels.size(); i++) {
      double w = max > 0 ? (W - left - 70) * values[i] / max : 0;
      int y = TOP + rowH * i;
      String label = labels.get(i).length() > 34 ? labels.get(i).substring(0, 33) + "…" : labels.get(i);
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"tick\">%s</text>"
          + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
          + "<text x=\"%.1f\" y=\"%d\" class=\"tick\">%s</text>", left - 6, y + 12, esc(label), left, y + 2, w,
          rowH - 5, COLORS[0], left + w + 4, y + 12, esc(Html.num(values[i]))));
    }
    return b.append("</svg>").toString();
  }

  /** A count matrix (rows = actual, columns = predicted), shaded by each row's share. */
  static String heatmap(String title, List<String> labels, long[][] counts) {
    int k = labels.size();
    int cell = Math.max(28, Math.min(64, 360 / Math.max(1, k)));
    int left = 130;
    int top = 60;
    int width = left + cell * k + 20;
    int height = top + cell * k + 30;
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "role=\"img\"><title>%s</title><text x=\"8\" y=\"18\" class=\"title\">%s</text>"
        + "<text x=\"%d\" y=\"38\" class=\"axis\">predicted →</text>"
        + "<text x=\"8\" y=\"%d\" class=\"axis\">actual ↓</text>",
        width, height, width, height, esc(title), esc(title), left, top - 4));
    for (int j = 0; j < k; j++) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>",
          left + cell * j + cell / 2, top - 22 + 12, esc(shortLabel(labels.get(j)))));
    }
    for (int i = 0; i < k; i++) {
      long total = 0;
      for (long c : counts[i]) {
        total += c;
      }
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"tick\">%s</text>",
          left - 6, top + cell * i + cell / 2 + 4, esc(shortLabel(labels.get(i)))));
      for (int j = 0; j < k; j++) {
        double share = total == 0 ? 0 : (double) counts[i][j] / total;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
            + "fill=\"rgb(%d,%d,%d)\" stroke=\"#fff\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
            + "class=\"%s\">%d</text>", left + cell * j, top + cell * i, cell, cell,
            (int) (255 - 224 * share), (int) (255 - 136 * share), (int) (255 - 75 * share),
            left + cell * j + cell / 2, top + cell * i + cell / 2 + 4, share > 0.5 ? "cell light" : "cell",
            counts[i][j]));
      }
    }
    return b.append("</svg>").toString();
  }

  private static String shortLabel(String s) {
    return s.length() > 14 ? s.substring(0, 13) + "…" : s;
  }

  private static StringBuilder open(String title) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "role=\"img\"><title>%s</title><text x=\"8\" y=\"18\" class=\"title\">%s</text>",
        W, H, W, H, esc(title), esc(title)));
  }

  private static void axes(StringBuilder b, Scale sx, Scale sy, String xLabel, String yLabel) {
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#ccc\"/>", LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
    for (double t : ticks(sx.lo, sx.hi)) {
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>", sx.at(t), TOP, sx.at(t),
          H - BOTTOM, sx.at(t), H - BOTTOM + 14, esc(Html.tick(t))));
    }
    for (double t : ticks(sy.lo, sy.hi)) {
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>", LEFT, sy.at(t), W - RIGHT,
          sy.at(t), LEFT - 4, sy.at(t) + 4, esc(Html.tick(t))));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%s</text>"
        + "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 14 %d)\">%s</text>",
        (LEFT + W - RIGHT) / 2, H - 8, esc(xLabel), (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, esc(yLabel)));
  }

  /** About five round tick values covering [lo, hi]. */
  static double[] ticks(double lo, double hi) {
    double span = hi - lo;
    if (!(span > 0) || !Double.isFinite(span)) {
      return new double[] {lo};
    }
    double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (span / (step * m) <= 6) {
        step *= m;
        break;
      }
    }
    double first = Math.ceil(lo / step) * step;
    int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
    double[] out = new double[Math.max(1, n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.round((first + i * step) / step) * step;
    }
    return out;
  }

  private static double[] range(List<Series> series, int dim) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (Double.isFinite(p[dim])) {
          lo = Math.min(lo, p[dim]);
          hi = Math.max(hi, p[dim]);
        }
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    if (lo == hi) {
      return new double[] {lo - 0.5, hi + 0.5};
    }
    double pad = (hi - lo) * 0.05;
    return new double[] {lo - pad, hi + pad};
  }

  private record Scale(double lo, double hi, double from, double to) {
    double at(double v) {
      double c = Math.max(lo, Math.min(hi, v));
      return from + (c - lo) / (hi - lo) * (to - from);
    }
  }
}
