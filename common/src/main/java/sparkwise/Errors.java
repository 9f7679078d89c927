package sparkwise;

import java.util.Collection;
import java.util.Locale;

/**
 * The one factory of Sparkwise errors. Messages start with their subject (field path, column or
 * path), give the bad value and say what is allowed or what to do.
 */
public final class Errors {
  private Errors() {}

  // ---- configuration and usage (ConfigException)

  public static SparkwiseException config(String fieldPath, String problem) {
    return new SparkwiseException.ConfigException(fieldPath + ": " + problem, null);
  }

  /** A caller's parameter (not a config field) with a value that is not allowed. */
  public static SparkwiseException config(Parameter parameter, String problem) {
    return new SparkwiseException.ConfigException(parameter, problem);
  }

  /** The same error about {@code parameter}, for a value that came from it rather than from the config file. */
  public static SparkwiseException asParameter(Parameter parameter, SparkwiseException e) {
    String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
    return new SparkwiseException.ConfigException(parameter, problem);
  }

  public static SparkwiseException unknownField(String fieldPath, Collection<String> allowed) {
    String last = fieldPath.substring(fieldPath.lastIndexOf('.') + 1);
    String hint = DidYouMean.closest(last, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
    return config(fieldPath, "unknown key" + hint + "; allowed: " + String.join(", ", allowed));
  }

  public static SparkwiseException notOneOf(String fieldPath, Object value, Collection<String> allowed) {
    String hint = DidYouMean.closest(String.valueOf(value), allowed)
        .map(s -> " (did you mean '" + s + "'?)").orElse("");
    return config(fieldPath, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'" + hint);
  }

  public static SparkwiseException outOfRange(String fieldPath, Object value, String allowed) {
    return config(fieldPath, "must be " + allowed + ", got " + value);
  }

  public static SparkwiseException wrongType(String fieldPath, String expected, Object value) {
    return config(fieldPath, "must be " + expected + ", got '" + value + "'");
  }

  public static SparkwiseException badConfigFile(String path, String problem, Throwable cause) {
    return new SparkwiseException.ConfigException(path + ": " + problem, cause);
  }

  // ---- input data (DataException)

  public static SparkwiseException data(String subject, String problem) {
    return new SparkwiseException.DataException(subject + ": " + problem, null);
  }

  /** Input data given by a caller's parameter that cannot be used. */
  public static SparkwiseException data(Parameter parameter, String problem) {
    return new SparkwiseException.DataException(parameter, problem);
  }

  public static SparkwiseException missingInput(String path) {
    return data(path, "no such file or table");
  }

  public static SparkwiseException unreadableInput(String path, String format, Throwable cause) {
    return new SparkwiseException.DataException(path + ": cannot be read as " + format + " (" + rootCause(cause) + ")", cause);
  }

  public static SparkwiseException missingColumn(String column, String where, Collection<String> available) {
    String hint = DidYouMean.closest(column, available).map(s -> " (did you mean '" + s + "'?)").orElse("");
    return data("column '" + column + "'", "not found in " + where + hint);
  }

  public static SparkwiseException unusableLabel(String label, String problem) {
    return data("label '" + label + "'", problem);
  }

  // ---- conflicts (ConflictException)

  public static SparkwiseException conflict(String subject, String problem) {
    return new SparkwiseException.ConflictException(subject + ": " + problem, null);
  }

  // ---- monitoring (AlertException)

  public static SparkwiseException alert(String subject, String problem) {
    return new SparkwiseException.AlertException(subject + ": " + problem, null);
  }

  // ---- storage (StorageException)

  public static SparkwiseException storage(String path, String problem, Throwable cause) {
    String detail = cause == null ? "" : " (" + firstLine(cause) + ")";
    return new SparkwiseException.StorageException(path + ": " + problem + detail, cause);
  }

  // ---- bugs (InternalException)

  public static SparkwiseException internal(String what, Throwable cause) {
    return new SparkwiseException.InternalException(what + ": " + firstLine(cause), cause);
  }

  /** The first line of a throwable's message: Spark's messages can run for pages. */
  public static String firstLine(Throwable t) {
    if (t == null) {
      return "";
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  /**
   * The first line of the innermost cause that says something: what went wrong at the bottom,
   * not Spark's "Job aborted due to stage failure" wrapping.
   */
  public static String rootCause(Throwable t) {
    String best = firstLine(t);
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        best = firstLine(c);
      }
    }
    return best.replaceAll("^([a-z]+\\.)+[A-Za-z]*(Exception|Error): ", "");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
