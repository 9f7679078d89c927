package sparkwise.features;

import java.util.Locale;

/** The semantic type of a column, inferred by the {@link Profiler}. */
public enum ColumnKind {
  NUMERIC,
  /** Numbers stored as text ("12.5"); cast to double. */
  NUMERIC_STRING,
  CATEGORICAL,
  BOOLEAN,
  DATE,
  TIMESTAMP,
  TEXT,
  /** Types Sparkwise cannot use (arrays, maps, binary...). */
  UNSUPPORTED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
