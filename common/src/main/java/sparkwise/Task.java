package sparkwise;

import java.util.Locale;

/** The learning task, detected from the label or set in the config. */
public enum Task {
  BINARY,
  MULTICLASS,
  REGRESSION;

  public boolean isClassification() {
    return this != REGRESSION;
  }

  /** The name used in configs, tables and the summary JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Task fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
