package sparkwise.data;

import java.util.Locale;
import sparkwise.Errors;

/**
 * Where a table lives, as users write it: a path ({@code .csv}, {@code .csv.gz}, Parquet or Delta
 * folder), {@code table:db.name} for a catalog table, or {@code delta:PATH@VERSION}.
 */
public record TableRef(String text, Kind kind, String location, Long deltaVersion) {
  public enum Kind { PATH, CATALOG, DELTA_VERSION }

  /** {@code text} as a table reference; a malformed one is an error about the caller's {@code parameter}. */
  public static TableRef parse(sparkwise.Parameter parameter, String text) {
    try {
      return parse(parameter.words(), text);
    } catch (sparkwise.SparkwiseException.ConfigException e) {
      throw Errors.asParameter(parameter, e);
    }
  }

  public static TableRef parse(String fieldPath, String text) {
    if (text == null || text.isBlank()) {
      throw Errors.config(fieldPath, "must name a path or table:db.name, got an empty value");
    }
    String t = text.strip();
    if (t.startsWith("table:")) {
      String name = t.substring("table:".length());
      if (!name.matches("[A-Za-z0-9_`.]+")) {
        throw Errors.config(fieldPath, "'" + name + "' is not a table name (db.name)");
      }
      return new TableRef(t, Kind.CATALOG, name, null);
    }
    if (t.startsWith("delta:")) {
      String rest = t.substring("delta:".length());
      int at = rest.lastIndexOf('@');
      if (at < 0) {
        return new TableRef(t, Kind.DELTA_VERSION, rest, null);
      }
      try {
        long v = Long.parseLong(rest.substring(at + 1));
        if (v < 0) {
          throw new NumberFormatException();
        }
        return new TableRef(t, Kind.DELTA_VERSION, rest.substring(0, at), v);
      } catch (NumberFormatException e) {
        throw Errors.config(fieldPath, "'" + rest.substring(at + 1) + "' is not a Delta version (a whole number >= 0)");
      }
    }
    return new TableRef(t, Kind.PATH, t, null);
  }

  /** The format a path's name implies, or null when only its contents can tell. */
  String formatByName() {
    String l = location.toLowerCase(Locale.ROOT);
    if (l.endsWith(".csv") || l.endsWith(".csv.gz") || l.endsWith(".csv.bz2") || l.endsWith(".tsv")) {
      return "csv";
    }
    if (l.endsWith(".parquet")) {
      return "parquet";
    }
    if (l.endsWith(".json") || l.endsWith(".jsonl")) {
      return "json";
    }
    return null;
  }
}
