package sparkwise;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 90s}, {@code 10m}, {@code 1h}, {@code 1h30m}. */
public final class Budget {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Budget() {}

  public static Duration parse(String fieldPath, String text) {
    String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("-")) {
      throw Errors.outOfRange(fieldPath, text, "a positive duration such as 90s, 10m or 1h");
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      end = m.end();
    }
    if (s.isEmpty() || end != s.length()) {
      throw Errors.wrongType(fieldPath, "a duration such as 90s, 10m or 1h", text);
    }
    if (total.isZero()) {
      throw Errors.outOfRange(fieldPath, text, "a positive duration such as 90s, 10m or 1h");
    }
    return total;
  }

  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
