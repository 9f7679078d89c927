package sparkwise.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Screens the numeric columns of a table wider than {@code features.max_columns}: it keeps the
 * ones most correlated with the label (absolute Pearson correlation in the profile's sample, as
 * sure independence screening does) and drops the rest with the reason. Every later step costs
 * Spark's planner time per column per query (on 500 × 5,000 one cleaning projection took 16 s to
 * plan), so a screen of thousands of columns down to the limit is what lets a wide table's run
 * fit its budget. Other columns and {@code features.keep} are never screened out.
 */
final class WideScreen {
  private WideScreen() {}

  /** The columns of {@code profile} not yet in {@code dropped} that the screen drops. */
  static List<DroppedColumn> drop(Profile profile, List<DroppedColumn> dropped, List<String> keep, Limit limit) {
    int maxColumns = limit.columns();
    Set<String> gone = new HashSet<>();
    dropped.forEach(d -> gone.add(d.column()));
    List<ColumnProfile> left = profile.columns().stream().filter(c -> !gone.contains(c.name())).toList();
    if (maxColumns <= 0 || left.size() <= maxColumns) {
      return List.of();
    }
    List<ColumnProfile> screened = new ArrayList<>(left.stream()
        .filter(c -> c.kind() == ColumnKind.NUMERIC && !keep.contains(c.name())).toList());
    int fixed = left.size() - screened.size();
    int room = Math.max(0, maxColumns - fixed);
    if (screened.size() <= room) {
      return List.of();
    }
    // Strongest first; a column without a correlation (no label, constant in the sample) last;
    // ties by name, so the same profile always keeps the same columns.
    screened.sort(Comparator.comparingDouble(WideScreen::strength).reversed().thenComparing(ColumnProfile::name));
    double cut = room == 0 ? Double.NaN : strength(screened.get(room - 1));
    String reason = String.format(Locale.ROOT, "screened out: %,d usable feature columns are more than %s; "
        + "kept the %,d numeric columns most correlated with the label (|r| >= %.3f)",
        left.size(), limit.describe(), room, cut);
    return screened.subList(room, screened.size()).stream().map(c -> new DroppedColumn(c.name(), reason)).toList();
  }

  /**
   * The limit of a run: {@code features.max_columns}, or fewer when the budget is short. Each
   * column costs every query plan of the flow time (measured on 500 rows × 1,000 columns at 60 s:
   * the fold preparation alone took over 25 s), so a budget second pays for {@link #COLUMNS_PER_SECOND}.
   * At 4 a second, 500 × 5,000 kept 240 at 60 s: its refit and evaluation took 17-21 s, 4-5 s more
   * than the search had left them, and the runs ended at 60.6-65.2 s; at 2 (120 columns) they
   * took ~14 s, final fit on all rows included.
   */
  record Limit(int columns, int configured, long budgetSeconds) {
    static final int COLUMNS_PER_SECOND = 2;
    /** A budget never limits a table to fewer columns than this (the shared tables have at most 80). */
    static final int FLOOR = 100;

    /** {@code features.max_columns} alone (a table checked without a run's budget). */
    static Limit unbudgeted(int configured) {
      return new Limit(Math.max(0, configured), configured, 0);
    }

    static Limit of(int configured, long budgetSeconds) {
      long byBudget = Math.max(FLOOR, COLUMNS_PER_SECOND * budgetSeconds);
      return new Limit(configured <= 0 ? 0 : (int) Math.min(configured, byBudget), configured, budgetSeconds);
    }

    String describe() {
      return columns < configured
          ? String.format(Locale.ROOT, "the %,d a %ds budget allows (features.max_columns: %,d; a budget of %ds keeps %,d)",
              columns, budgetSeconds, configured, (configured + COLUMNS_PER_SECOND - 1) / COLUMNS_PER_SECOND, configured)
          : String.format(Locale.ROOT, "features.max_columns (%,d)", configured);
    }
  }

  private static double strength(ColumnProfile c) {
    double r = c.labelCorrelation();
    return Double.isFinite(r) ? Math.abs(r) : -1;
  }
}
