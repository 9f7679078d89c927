package sparkwise.features;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import sparkwise.Errors;
import sparkwise.TrainConfig;

/**
 * Decides which columns may not be features: unusable types, all-null and constant columns, row
 * IDs, single-column label leaks and columns the label is computed from; numeric columns beyond
 * {@code features.max_columns} ({@link WideScreen}). {@code features.drop} and {@code features.keep} override.
 */
public final class SanityChecks {
  /** |correlation| with the label at or above which a column is taken for a leak. */
  static final double LEAK_CORRELATION = 0.97;
  /** Share of distinct values at or above which a text column is taken for an ID (the count is approximate). */
  static final double ID_UNIQUE_SHARE = 0.9;

  private SanityChecks() {}

  /** The checks of a table without a budget: {@code features.max_columns} is the only column limit. */
  public static List<DroppedColumn> check(Profile profile, TrainConfig.Features cfg) {
    return check(profile, cfg, WideScreen.Limit.unbudgeted(cfg.maxColumns()));
  }

  /** The checks of a run with a budget of {@code budgetSeconds}, which may limit a wide table's columns further. */
  public static List<DroppedColumn> check(Profile profile, TrainConfig.Features cfg, long budgetSeconds) {
    return check(profile, cfg, WideScreen.Limit.of(cfg.maxColumns(), budgetSeconds));
  }

  private static List<DroppedColumn> check(Profile profile, TrainConfig.Features cfg, WideScreen.Limit limit) {
    List<String> names = profile.columns().stream().map(ColumnProfile::name).toList();
    requireColumns("features.drop", cfg.drop(), names);
    requireColumns("features.keep", cfg.keep(), names);
    List<DroppedColumn> dropped = new ArrayList<>();
    for (ColumnProfile c : profile.columns()) {
      String reason = cfg.drop().contains(c.name()) ? "dropped by the config (features.drop)" : reason(c, profile.rows());
      if (reason != null && (!cfg.keep().contains(c.name()) || c.kind() == ColumnKind.UNSUPPORTED)) {
        dropped.add(new DroppedColumn(c.name(), reason));
      }
    }
    // Columns dropped for a single-column leak stay candidates: casual + registered = cnt.
    Set<String> excluded = new HashSet<>(cfg.keep());
    dropped.stream().filter(d -> !d.reason().startsWith("label leak")).forEach(d -> excluded.add(d.column()));
    for (DroppedColumn leak : LeakDetector.linearCombinations(profile.covariance(), excluded)) {
      if (dropped.stream().noneMatch(d -> d.column().equals(leak.column()))) {
        dropped.add(leak);
      }
    }
    dropped.addAll(WideScreen.drop(profile, dropped, cfg.keep(), limit));
    return dropped;
  }

  private static void requireColumns(String field, List<String> given, List<String> names) {
    for (int i = 0; i < given.size(); i++) {
      if (!names.contains(given.get(i))) {
        throw Errors.config(field + "[" + i + "]", "column '" + given.get(i) + "' is not a feature column of the table");
      }
    }
  }

  static String reason(ColumnProfile c, long rows) {
    if (c.kind() == ColumnKind.UNSUPPORTED) {
      return "type " + c.sparkType() + " is not supported as a feature";
    }
    if (c.nonNull() == 0) {
      return "all values are null";
    }
    if (c.distinct() <= 1) {
      return "constant: one distinct value";
    }
    if (Double.isFinite(c.labelCorrelation()) && Math.abs(c.labelCorrelation()) >= LEAK_CORRELATION) {
      return String.format(Locale.ROOT, "label leak: correlation with the label is %.3f", c.labelCorrelation());
    }
    boolean integral = c.sparkType().equals("int") || c.sparkType().equals("bigint");
    if (integral && c.nonNull() >= 50 && c.distinct() >= 0.98 * c.nonNull()
        && c.max() - c.min() + 1 <= 1.2 * c.nonNull()) {
      return String.format(Locale.ROOT, "row ID: unique whole numbers from %.0f to %.0f", c.min(), c.max());
    }
    if ((c.kind() == ColumnKind.CATEGORICAL || c.kind() == ColumnKind.NUMERIC_STRING)
        && c.nonNull() >= 50 && c.distinct() >= ID_UNIQUE_SHARE * c.nonNull()
        && (c.kind() == ColumnKind.CATEGORICAL || c.sparkType().equals("string") && looksLikeId(c))) {
      return String.format(Locale.ROOT, "row ID: about %.0f%% of values are unique", 100.0 * Math.min(1, (double) c.distinct() / c.nonNull()));
    }
    return null;
  }

  private static boolean looksLikeId(ColumnProfile c) {
    return Double.isFinite(c.min()) && c.min() == Math.rint(c.min()) && c.max() - c.min() + 1 <= 1.2 * c.nonNull();
  }
}
