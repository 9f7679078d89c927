package sparkwise.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.features.LabelIndex;

/**
 * A table too large for its budget is trained on a sample of its rows. On 2 cores every pass over
 * kddcup99's 494k rows × 37 features takes seconds, so that at 60 s the later phases' estimates
 * alone exceeded what the profile left: no trial ran, and the run's fallback tree overran the
 * budget. FLAML and AutoGluon sample under a tight time limit too. The sample is stratified: each
 * class keeps at least {@link #MIN_CLASS_ROWS} rows (all of a rarer class), so that no class
 * vanishes. It is drawn from the budget, not the time left, so that a resumed run draws the same.
 */
final class RowBudget {
  /**
   * Cells (rows × features) a budget second pays for. At 60 s: 3M cells, above connect-4 (67.5k
   * × 42, searched for 24–31 s) and below kddcup99 (18.3M); a 6 h budget keeps 10M rows of 20
   * features whole.
   */
  static final double CELLS_PER_SECOND = 50_000;
  static final long MIN_CLASS_ROWS = 200;

  private RowBudget() {}

  /** The rows to keep of {@code p}'s table at this budget; all of them when they fit. */
  static long cap(long budgetMillis, int features) {
    return (long) (budgetMillis / 1000.0 * CELLS_PER_SECOND / Math.max(1, features));
  }

  /** {@code p} itself when its rows fit its budget, else {@code p} on a stratified sample (recorded as a cut). */
  static Prepared apply(RunContext ctx, Prepared p) {
    long rows = p.label().usableRows();
    long cap = cap(ctx.clock().budgetMillis(), p.features().size());
    if (rows <= cap) {
      return p;
    }
    double fraction = (double) cap / rows;
    List<Long> counts = p.task().isClassification() ? p.label().classCounts() : null;
    long kept = expectedRows(counts, rows, fraction);
    Dataset<Row> sampled = sample(p.labelled(), counts, fraction, ctx.cfg().seed());
    ctx.clock().cut("plan", String.format(Locale.ROOT,
        "rows: the search and the model use a %s sample of ~%,d of the %,d rows (%.0f%%); a budget of %.0fs or"
            + " more keeps them all",
        p.task().isClassification() ? "stratified" : "random", kept, rows, 100.0 * kept / rows,
        Math.ceil(rows * (double) p.features().size() / CELLS_PER_SECOND)));
    ctx.progress().phase(String.format(Locale.ROOT, "sampling ~%,d of %,d rows for the %ds budget", kept, rows,
        ctx.clock().budgetMillis() / 1000));
    return p.sampled(sampled, kept);
  }

  /**
   * {@code labelled} cut to about {@code fraction} of its rows; with class counts (in label index
   * order) each class keeps its {@link #classFraction}.
   */
  static Dataset<Row> sample(Dataset<Row> labelled, List<Long> classCounts, double fraction, long seed) {
    Column share = lit(fraction);
    if (classCounts != null) {
      for (int i = classCounts.size() - 1; i >= 0; i--) {
        share = when(col(LabelIndex.COLUMN).equalTo((double) i), classFraction(classCounts.get(i), fraction))
            .otherwise(share);
      }
    }
    return labelled.where(rand(seed).lt(share));
  }

  /** The sample's expected size. */
  static long expectedRows(List<Long> classCounts, long rows, double fraction) {
    if (classCounts == null || classCounts.isEmpty()) {
      return Math.round(rows * fraction);
    }
    return classCounts.stream().mapToLong(c -> Math.round(c * classFraction(c, fraction))).sum();
  }

  /** A class's share of rows kept: the overall fraction, raised so that at least MIN_CLASS_ROWS remain. */
  static double classFraction(long count, double fraction) {
    return count <= 0 ? 1.0 : Math.min(1.0, Math.max(fraction, (double) MIN_CLASS_ROWS / count));
  }
}
