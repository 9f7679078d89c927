package sparkwise.train;

import sparkwise.ensemble.Ensembles;
import sparkwise.TrialResult;

/**
 * Seconds each phase after the search is expected to take, made before the search starts from
 * the table's size, so that the search gets what is left. The constants are the fixed costs
 * measured with {@code scripts/bench-budget} on a 2-core local session in a fresh JVM (Spark's
 * per-job overhead, the first Delta commits; small tables interpreted, the launcher's quick JIT
 * and class archive), with rows × columns terms for what grows with the data; a refit is
 * estimated from the best trial's own fit times plus fitting the preprocessing.
 */
final class PhaseEstimates {
  /** The ensemble's members at most, by default: what its phase is estimated for. */
  private static final int ENSEMBLE_MEMBERS = 5;

  private PhaseEstimates() {}

  /**
   * Ensembles of the best trials on their out-of-fold predictions. Measured 5–9 s on 700–40k rows
   * with a pool of 8 read from files, joined by Spark and stacked by MLlib. Below 200k rows binary
   * and regression stacking are fitted in memory: 1.0–1.3 s with the out-of-fold files on
   * {@code LocalFiles} (airlines 10k, higgs 7.5k). When the best trial ran on the task engine
   * ({@code keptInMemory}) the predictions are joined on the driver too, no file read and no job:
   * house_prices 5.4 s (files, MLlib stacking) -> 0.9 s (in memory, MLlib stacking) -> below 0.5 s;
   * multiclass stacking too while its parameters are few (car 6.6 s with MLlib's).
   */
  static double ensemble(long rows, sparkwise.Task task, int classes, boolean quickStorage, boolean keptInMemory) {
    double perRow = rows * 1.5e-5;
    if (rows > 200_000) {
      return 6.0 + perRow;
    }
    // MLlib's stacking otherwise: a Spark job per solver iteration
    boolean inMemory = Ensembles.stacksInMemory(task, rows, ENSEMBLE_MEMBERS, classes);
    if (keptInMemory) {
      return (inMemory ? 0.5 : 2.0) + perRow;
    }
    return (inMemory ? (quickStorage ? 2.0 : 3.0) : 6.0) + perRow;
  }

  /**
   * Holdout predictions, metrics and the report's diagnostics: one pass over the holdout, kept.
   * Measured 1.1–3.0 s on connect-4 (13.5k × 42) and 1.9 s on kddcup99 (79k × 38); 2.0–3.8 s on
   * airlines 10k, higgs 7.5k and house_prices (an ensemble's best member is scored alone too).
   * Since a classifier's ensemble no longer refits its best member to measure it (760830b):
   * 0.5–0.8 s on australian, blood-transfusion and diabetes at 60 s (be6c685); 0.5–2.6 s on the
   * 17 shared tables before, bike_sharing's stacked regression 3.9 s. Under-estimated, the final
   * fit that follows is skipped, not the budget broken.
   */
  static double evaluate(long holdoutRows, int columns) {
    return 1.5 + holdoutRows * (double) columns * 1e-6;
  }

  /**
   * Core-seconds to score one row with one tree, through Spark and XGBoost4J's predictor.
   * kddcup99 at 180 s: 47k holdout rows scored by a 600-round booster of 23 classes (13,800 trees)
   * made its evaluation 9-15.5 s against 3.3 s estimated from rows and columns, and the run ended
   * 5 s over its budget.
   */
  static final double TREE_ROW_SECONDS = 3.5e-8;

  /** What scoring {@code holdoutRows} with {@code trees} trees adds to {@link #evaluate}. */
  static double scoring(long holdoutRows, long trees) {
    return holdoutRows * (double) trees * TREE_ROW_SECONDS / CORES;
  }

  /**
   * What scoring {@code holdoutRows} with a model of {@code members} adds to {@link #evaluate}: by
   * their trees, or by what their own predictions measured in the search when that is more
   * ({@link #measuredScoring}; the folds validated {@code validRowsPerFold} rows each).
   */
  static double scoring(long holdoutRows, java.util.List<TrialResult> members, int classes, long validRowsPerFold) {
    double byTrees = scoring(holdoutRows, members.stream().mapToLong(t -> trees(t, classes)).sum());
    double measured = members.stream().mapToDouble(t -> measuredScoring(holdoutRows, t, validRowsPerFold)).sum();
    return Math.max(byTrees, measured);
  }

  /**
   * For trees grown deep ({@link #deep}): the part of a task-engine trial's wall time that was not
   * its fits (predicting each fold's validation rows, most of it) beyond {@link #TASK_FOLD_OVERHEAD} a fold, per row predicted,
   * scaled to {@code holdoutRows}, to the rounds its refit boosts, and by
   * {@link #SCORED_OVER_PREDICTED}. Trees alone do not tell a tree's depth: wine_quality at 180 s
   * evaluated four 300-tree forests of depth 13-16 (seven classes) and an XGBoost in 17.1 s against
   * 1.7 s estimated from their 7,800 trees, and its run ended 15 s over the budget.
   */
  static double measuredScoring(long holdoutRows, TrialResult t, long validRowsPerFold) {
    int folds = t.foldMetrics().size();
    if (!TrialResult.TASK.equals(t.engine()) || folds == 0 || validRowsPerFold <= 0 || !deep(t)) {
      return 0;
    }
    double wall = (t.endedAtMillis() - t.startedAtMillis()) / 1000.0;
    double predicting = wall - t.fitSeconds() - folds * TASK_FOLD_OVERHEAD;
    return predicting <= 0 ? 0
        : predicting / (folds * (double) validRowsPerFold) * holdoutRows * t.roundsGrowth() * SCORED_OVER_PREDICTED;
  }

  /**
   * Trees grown to {@link #DEEP_TREES} levels or more. Only theirs is measured: a trial's wall
   * beyond its fits also grows with rows (validation matrices, metrics, out-of-fold predictions),
   * and counted for every model it reserved 2.7-4.1 s for evaluations of boosters of depth 6-10
   * that the trees' rule prices right (bench-budget 60s at b341341: california 57 -> 34 trials,
   * bike_sharing 47 -> 19, adult 15 -> 4).
   */
  static boolean deep(TrialResult t) {
    Object depth = t.candidate().params().get("maxDepth");
    return depth instanceof Number n && n.intValue() >= DEEP_TREES;
  }

  /** The depth from which a tree's walk is priced by its trial's measured predictions (the rule's boosters: 6-10). */
  static final int DEEP_TREES = 12;

  /** A task-engine fold's wall time beyond its fit and its predictions: metrics, task and result handling. */
  static final double TASK_FOLD_OVERHEAD = 0.1;

  /**
   * The evaluation's scoring (reading the boosters' trees, scoring in the query on one core per
   * partition) over XGBoost's own predictor in a trial, row for row: wine_quality's 180 s model
   * (since its trees are read from UBJSON and walked eight at a time) in 4.6 s on 1,300 rows, where
   * its members' trials predicted as many rows in about 0.8 s beyond their overheads.
   */
  static final double SCORED_OVER_PREDICTED = 5.0;

  /**
   * The trees a model like {@code t} scores every row with: boosting rounds (as its refit fits them)
   * times parallel trees, and for a booster of more than two classes one tree per class and round;
   * a forest's trees; none for a family of linear models.
   */
  static long trees(TrialResult t, int classes) {
    java.util.Map<String, Object> p = t.fitParams();
    var family = sparkwise.models.ModelCatalog.get(t.candidate().family());
    if (family == null || family.variant() == sparkwise.features.FeatureVariant.LINEAR) {
      return 0;
    }
    if (p.containsKey("numTrees")) {
      return count(p.get("numTrees"));
    }
    if (!p.containsKey("numRound") && !p.containsKey("numParallelTree")) {
      return 0;
    }
    // As the refit fits them (TrialResult#refitRounds): kddcup99 at 60 s counted the proposal's 600
    // where its refit was timed from the 67 its folds reached, and estimated the evaluation at 5.9 s.
    long rounds = p.containsKey("numRound") ? count(p.get("numRound")) : 1;
    long parallel = p.containsKey("numParallelTree") ? count(p.get("numParallelTree")) : 1;
    return rounds * parallel * (classes > 2 ? classes : 1);
  }

  private static long count(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
  }

  /**
   * The drift baseline's histograms over the training rows, gathered beside the refits: what is left
   * is the wait (0.0 s on all 17 shared tables at 60 s, 479bceb; kddcup99's 79k × 38 included).
   */
  static double baseline(long rows, int columns) {
    return 0.1 + rows * (double) columns * 5e-8;
  }

  /**
   * Saving the model, the leaderboard and the summary files: measured 1.2–4.5 s, and 3.5–4.5 s
   * for an XGBoost or an ensemble with target encoders, their parts written side by side; 0.6–1.5 s
   * on a local warehouse through {@code LocalFiles} (no process per file; house_prices' five-member
   * ensemble 0.6 s, airlines 10k 1.2–1.5 s; 0.6–1.2 s on all 17 shared tables at 60 s, 479bceb).
   */
  static double save(boolean quickStorage) {
    return quickStorage ? 1.2 : 3.5;
  }

  /** Loading a saved pipeline (its stages' metadata and data files; measured 2–4 s for XGBoost). */
  static double loadModel() {
    return 3.0;
  }

  /**
   * The final {@code runs} row and the HTML report, written side by side (with a MERGE: 1.5–3.3 s;
   * 1.4–2.5 s, median 1.8, on the 17 shared tables at 60 s, b112ec9; with an UPDATE of the run's
   * row: 1.5–2.4 s on car and house_prices; with the runs table read ahead beside the final fit:
   * 0.7–1.3 s on the 17 shared tables at 60 s, f116dcd).
   */
  static double recordAndReport(boolean quickStorage) {
    return quickStorage ? 1.3 : 3.0;
  }

  /**
   * What the run's clock does not see: the launcher before the JVM's start and stopping Spark and
   * the JVM after the summary. 1.0–1.5 s, median 1.1, on the 17 shared tables at 60 s (b112ec9);
   * 0.5–0.65 s on car since the class archive is mapped unrelocated (0.35–0.45 s before the JVM's
   * start time, 0.2–0.25 s after the summary).
   */
  static double exit() {
    return 0.8;
  }

  /** Everything after the search but the model's own fit time in the refit. */
  static double afterSearch(long rows, long holdoutRows, int columns, boolean quickStorage) {
    return preprocessing(rows, columns) + evaluate(holdoutRows, columns) + baseline(rows, columns)
        + afterBaseline(quickStorage);
  }

  /** Saving, recording and exiting: what follows the model's final fit and the drift baseline. */
  static double afterBaseline(boolean quickStorage) {
    return save(quickStorage) + recordAndReport(quickStorage) + exit();
  }

  /**
   * A refit of {@code best}'s configuration on {@code rows} training rows: its mean fit time per
   * fold scaled by rows (the fold trained on {@code foldRows}), plus fitting the preprocessing.
   */
  static double refit(double fitSecondsPerFold, long foldRows, long rows) {
    return preprocessing(rows, REFIT_COLUMNS) + modelFit(fitSecondsPerFold, foldRows, rows);
  }

  /**
   * A trial's mean fit seconds per fold as the refit will see them. A task-engine trial fitted
   * with one thread beside the other trials; its refit on the driver has every core to itself
   * (house_16H at 60 s: the refit was estimated at 13.5 s from such trials and took 6.5 s, so the
   * search ended 12-24 s early on three tables). Not the full core count: the speed-up is
   * sublinear and an underestimate costs an overrun, an overestimate only search time. A family
   * whose refit keeps to one thread (a linear booster) gets no speed-up.
   */
  static double fitPerFold(TrialResult t) {
    // Grown by the rounds the refit adds to those the folds reached, which their time measured.
    double perFold = t.fitSeconds() / Math.max(1, t.foldMetrics().size()) * t.roundsGrowth();
    boolean faster = TrialResult.TASK.equals(t.engine())
        && sparkwise.models.ModelCatalog.refitsOnAllCores(t.candidate().family());
    return faster ? perFold / Math.max(1.0, 0.8 * CORES) : perFold;
  }

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /**
   * What the final fit adds to the measured refit beyond rows: fitting the unsupervised prefix the
   * refit took from the search (final fit / refit measured 1.14-1.57 since, median 1.26, on seven
   * tables at 60 s; 0.9 x rows alone gave 1.125 and the small tables' fits came out 0.3-0.5 s over).
   */
  static final double PREFIX_FIT_SECONDS = 0.4;

  /**
   * The prefixes' fit on all rows next to the fit on all rows they precede, at most: final fit /
   * refit was 1.0-1.5 × rows on the 16 tables at 60 s that did both (9571a54), 1.49 on the demo.
   */
  static final double PREFIX_SHARE = 0.6;

  /**
   * Fitting again, on {@code rows} rows, unsupervised prefixes whose fit on the {@code trainRows}
   * search rows took {@code searchRowsSeconds}: scaled by rows, at most {@link #PREFIX_SHARE} of
   * {@code fitOnAllRows} (the rest of that fit), plus {@link #PREFIX_FIT_SECONDS}. The prefixes were
   * fitted first in a cold JVM, side by side with the other variants' (car: 3.1 s measured, a final
   * fit on all rows of 1.9 s in all). The finalize phase estimates a final fit with it, and the
   * search keeps the same room for one.
   */
  static double prefixRefit(double searchRowsSeconds, long trainRows, long rows, double fitOnAllRows) {
    return PREFIX_FIT_SECONDS
        + Math.min(searchRowsSeconds * rows / Math.max(1.0, trainRows), PREFIX_SHARE * fitOnAllRows);
  }

  /**
   * A final fit on all rows from a fit already scaled to them ({@code fitOnAllRows}) with the
   * finalize phase's margin, plus its prefixes fitted again ({@link #prefixRefit}): how the finalize
   * phase estimates it from the refit it measured, and how the search keeps room for it.
   */
  static double finalFit(double fitOnAllRows, double prefixSearchRowsSeconds, long trainRows, long rows) {
    return FinalizePhase.MEASURED_MARGIN * fitOnAllRows
        + prefixRefit(prefixSearchRowsSeconds, trainRows, rows, fitOnAllRows);
  }

  /** The model's own part of a refit: its mean fit time per fold, scaled by rows. */
  static double modelFit(double fitSecondsPerFold, long foldRows, long rows) {
    double scale = foldRows <= 0 ? 1.0 : Math.max(1.0, (double) rows / foldRows);
    return fitSecondsPerFold * scale * 1.2;
  }

  /**
   * Fitting a variant's feature plan on {@code rows} rows, from what preparing its folds took in
   * the search ({@code measuredSeconds}, about one fit on a fold's training rows × 1.5: the folds
   * side by side on the cores), or by the rule of thumb below when that is larger (or unmeasured).
   */
  static double preprocessing(double measuredSeconds, long foldTrainRows, long rows, int columns) {
    return Math.max(preprocessing(rows, columns), measuredPreprocessing(measuredSeconds, foldTrainRows, rows));
  }

  /**
   * The columns a refit's rule of thumb counts: a refit fits one variant's plan, not every column's
   * profile, so its estimate rests on the measured preparation and this keeps only a floor.
   */
  static final int REFIT_COLUMNS = 10;

  /** Fitting a variant's feature plan for a refit on {@code rows} rows, from its folds' measured preparation. */
  static double variantRefit(double measuredSeconds, long foldTrainRows, long rows) {
    return preprocessing(measuredSeconds, foldTrainRows, rows, REFIT_COLUMNS);
  }

  /**
   * What the folds' measured preparation ({@code measuredSeconds}) changes in the refit's
   * preprocessing that the search's deadline keeps by the rule of thumb on all rows and every
   * column: more when it measured more; less when it measured less, as the finalize phase will
   * estimate the refit on the training rows (connect-4 at 60 s: 6.1 s kept by the rule, a 4.2 s
   * refit with its model), giving back at most half the rule; nothing when unmeasured. Scaled to
   * the training rows, the refit's, as the finalize phase scales it: scaled to all rows, adult at
   * 60 s kept 6.5 s for a preparation the finalize phase estimated at 5.2 s and did in about 4 s.
   */
  static double preprocessingMeasuredOverRule(double measuredSeconds, long foldTrainRows, long trainRows,
      long rows, int columns) {
    if (measuredSeconds <= 0) {
      return 0;
    }
    double rule = preprocessing(rows, columns);
    return Math.max(variantRefit(measuredSeconds, foldTrainRows, trainRows), 0.5 * rule) - rule;
  }

  /** The measured part alone: the folds' preparation scaled to {@code rows} (0 when unmeasured). */
  static double measuredPreprocessing(double measuredSeconds, long foldTrainRows, long rows) {
    return foldTrainRows <= 0 ? 0 : measuredSeconds * rows / (1.5 * foldTrainRows);
  }

  /**
   * Fitting a feature plan's stages (a Spark job or more per stage, each a pass over the cleaned
   * rows) on {@code rows} rows. Measured 1.1e-6 to 2.2e-6 s per cell on kddcup99 (145k and 316k
   * rows × 38, numeric and text) and about 3e-6 on connect-4 (43k × 42 text columns, one-hot).
   * The fixed part: on the seven tables under 5k rows at 60 s (9571a54), whole refits on the
   * training rows (preprocessing, model, an ensemble's members) took 0.5–1.5 s and the final fits
   * 0.7–2.1 s, where 1.2–3.9 s and 2.8–5.7 s were estimated with 1.0 s here, once per fit and
   * variant: the search ended 5–9 s before the budget.
   */
  static double preprocessing(long rows, int columns) {
    return 0.4 + rows * (double) columns * 2e-6;
  }
}
