package sparkwise.train;

/**
 * Seconds each phase after the search is expected to take, made before the search starts from
 * the table's size, so the search gets what is left. The constants are this machine's measured
 * fixed costs (a 2-core local session) with rows × columns terms for what grows with the data;
 * the refit is estimated later, from the best trial's own fit times.
 */
final class PhaseEstimates {
  private PhaseEstimates() {}

  /** Ensemble selection on the out-of-fold predictions of the best trials. */
  static double ensemble(long rows) {
    return 3.0 + rows * 1.5e-5;
  }

  /** Holdout predictions, metrics and the report's diagnostics. */
  static double evaluate(long holdoutRows, int columns) {
    return 2.0 + holdoutRows * (double) columns * 2e-7;
  }

  /** The drift baseline's histograms over the training rows. */
  static double baseline(long rows, int columns) {
    return 1.0 + rows * (double) columns * 5e-8;
  }

  /** Saving the model, the leaderboard and the summary files. */
  static double save() {
    return 2.0;
  }

  /** The final {@code runs} row (a MERGE) and the HTML report, written side by side. */
  static double recordAndReport() {
    return 3.0;
  }

  /** Everything after the search except refits. */
  static double afterSearch(long rows, long holdoutRows, int columns, boolean ensemble) {
    return (ensemble ? ensemble(rows) : 0) + evaluate(holdoutRows, columns) + baseline(rows, columns) + save()
        + recordAndReport();
  }

  /**
   * A refit of {@code best}'s configuration on {@code rows} training rows: its mean fit time per
   * fold scaled by rows (the fold trained on {@code foldRows}), plus fitting the preprocessing.
   */
  static double refit(double fitSecondsPerFold, long foldRows, long rows) {
    double scale = foldRows <= 0 ? 1.0 : Math.max(1.0, (double) rows / foldRows);
    return 1.5 + fitSecondsPerFold * scale * 1.2;
  }
}
