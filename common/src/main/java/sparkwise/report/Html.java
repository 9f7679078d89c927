package sparkwise.report;

/** HTML escaping: every data value that reaches the report goes through {@link #esc}. */
final class Html {
  private Html() {}

  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A number for people: 4 significant digits, no exponent for everyday magnitudes. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(java.util.Locale.ROOT, "%,d", (long) v);
    }
    double a = Math.abs(v);
    if (a >= 1e6 || a < 1e-3) {
      return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
    return String.format(java.util.Locale.ROOT, a >= 100 ? "%.1f" : "%.4f", v);
  }

  /** A tick value: as few decimals as the value needs (0.2, 1.5, 40). */
  static String tick(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    return s.equals("-0") ? "0" : s;
  }

  static String seconds(double v) {
    return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f s" : "%.1f s", v);
  }
}
