package sparkwise.train;

import static org.apache.spark.sql.functions.col;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Progress;
import sparkwise.data.Splitter;
import sparkwise.search.OofStore;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelIndex;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.models.DenseRows;
import sparkwise.models.XGBoostLocal;
import sparkwise.search.Deadline;
import sparkwise.search.PreparationTimes;
import sparkwise.search.SearchRunner;
import sparkwise.search.SearchStrategy;
import sparkwise.search.Strategies;
import sparkwise.TrialResult;
import sparkwise.search.WarmStart;
import sparkwise.tracking.TrialWriter;

/**
 * The plan and search phases: one feature plan per preprocessing variant, then trials until the
 * search's share of the budget is spent. The search ends early enough for the phases after it:
 * their estimates (from the table's size) and the refit of the best trial so far are kept back.
 */
final class SearchPhase {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SearchPhase.class);

  /** Running trials are cut off this long after the search's deadline, at most. */
  static final long GRACE_MILLIS = 3_000;
  /** What cancelling a running trial's Spark jobs takes until the trial has ended (measured 1–2 s). */
  static final long CANCEL_MILLIS = 2_000;
  /**
   * The same when every trial runs on the task engine: its boosters stop themselves before the
   * cut-off ({@code SearchClock.STOP_MARGIN_MILLIS}), nothing is left to cancel but the fold
   * preparation. car at 60 s ended 7 s inside its budget with the 2 s kept for cancelling unused.
   */
  static final long SELF_STOP_MILLIS = 500;

  /** Below this many planned trials {@code auto} does not halve (a rung of three promotes one). */
  static final int MIN_TRIALS_FOR_HALVING = 10;

  /**
   * The fold rows {@code auto}'s successive halving is sized by: 0 (no halving, every trial on all
   * rows) when it is switched off or when a trial bound leaves too few trials to promote from.
   */
  static long halvingRows(sparkwise.TrainConfig.Search search, long foldTrainRows) {
    boolean halving = search.halving() && (search.maxTrials() <= 0 || search.maxTrials() >= MIN_TRIALS_FOR_HALVING);
    return halving ? foldTrainRows : 0;
  }

  private SearchPhase() {}

  /**
   * The writer of the run's trials. Its last commits need not hold up the phases after the search:
   * the caller closes it (waiting for them) before the run is recorded, and on failure.
   */
  static TrialWriter trialWriter(RunContext ctx, Prepared p, RunStart.Started started) {
    return new TrialWriter(ctx.spark(), ctx.tracker(), ctx.runId(), p.metric().id(), started.recorded());
  }

  static Searched run(RunContext ctx, Prepared p, Dataset<Row> split, RunStart.Started started, TrialWriter writer) {
    List<TrialResult> finished = started.finished();
    var cfg = ctx.cfg();
    long taskEngineBytes = cfg.search().taskEngineMaxBytes(XGBoostLocal.defaultMaxBytes());
    boolean foldsFit = foldsFit(p, cfg, taskEngineBytes);
    List<ModelFamily> families = ModelCatalog.select(p.task(), cfg.models().include(), cfg.models().exclude(),
        foldsFit);
    Map<FeatureVariant, FeaturePlan> plans = new EnumMap<>(FeatureVariant.class);
    for (ModelFamily f : families) {
      plans.computeIfAbsent(f.variant(),
          v -> FeaturePlanner.plan(p.profile(), p.features(), p.label(), LabelIndex.COLUMN, v, cfg.features()));
    }
    ctx.clock().lap("plan");
    long rows = p.rows();
    long trainRows = Math.round(rows * (1 - cfg.split().holdoutFraction()));
    int k = Splitter.validationFolds(cfg.split()).length;
    long foldTrainRows = Math.round(trainRows * (k > 1 ? (k - 1.0) / k : 1 - cfg.split().validationFraction()));
    boolean quickStorage = ctx.quickStorage();
    boolean selfStopping = foldsFit && families.stream().allMatch(ModelFamily::hasSingleNode);
    Deadline deadline = deadline(ctx, p, rows - trainRows, quickStorage, selfStopping ? SELF_STOP_MILLIS : CANCEL_MILLIS);
    boolean finalOnAll = "all".equals(cfg.finalFit());
    WarmStart warm = WarmStarts.read(ctx, p);
    if (warm != null) {
      warm = warm.within(families.stream().map(ModelFamily::name).collect(java.util.stream.Collectors.toSet()));
    }
    SearchStrategy strategy = Strategies.of(cfg.search().strategy(), families, p.task(), cfg.seed(),
        p.metric().largerIsBetter(), halvingRows(cfg.search(), foldTrainRows), warm);
    PreparationTimes preparation = new PreparationTimes();
    OofStore oof = cfg.ensemble().enabled()
        ? new OofStore(ctx.spark(), ctx.warehouse(), ctx.runId(), LabelIndex.COLUMN) : null;
    EnsembleForecast forecast = oof == null ? null : new EnsembleForecast(oof, p.task(), p.metric(),
        cfg.ensemble().method(), cfg.ensemble().maxMembers(), Splitter.validationFolds(cfg.split()));
    ReserveFor reserveFor = (h, possible, members) -> reserve(h, p, preparation, foldTrainRows, trainRows, rows,
        finalOnAll, possible >= 2, members, ctx.clock().budgetMillis(), quickStorage);
    SearchRunner runner = new SearchRunner(ctx.spark(), new SearchRunner.Settings(p.task(), p.metric(),
        LabelIndex.COLUMN, Splitter.validationFolds(cfg.split()), cfg.search().parallelism(),
        cfg.search().maxTrials(), cfg.seed(), deadline, cfg.split().timeOrdered(),
        h -> reserve(h, maxMembers(cfg), deadline, forecast, reserveFor), taskEngineBytes,
        new SearchRunner.Switches(cfg.search().earlyStopping(), cfg.search().pruning(), cfg.search().foldCache())),
        plans, families);
    runner.timingPreparationIn(preparation);
    if (oof != null) {
      runner.keepingPredictions(oof);
    }
    ctx.progress().phase(String.format(Locale.ROOT, "searching %s with %s search, %.0fs of the %ds budget left",
        families.stream().map(ModelFamily::name).toList(), strategy.name(),
        (deadline.searchEndMillis() - ctx.clock().now()) / 1000.0, cfg.budget().toSeconds()));
    Dataset<Row> searchRows = split.filter(col(Splitter.HOLDOUT).equalTo(false));
    List<TrialResult> trials = runner.run(searchRows, strategy, (r, done, best) -> {
      double elapsed = ctx.clock().elapsedSeconds();
      Progress.TrialEvent event = new Progress.TrialEvent(r.candidate().trialId(), r.candidate().family(),
          r.status().name().toLowerCase(Locale.ROOT), p.metric().id(), r.mean(), r.std(),
          (r.endedAtMillis() - r.startedAtMillis()) / 1000.0, r.error(), done, cfg.search().maxTrials(),
          best == null ? null : best.candidate().family(), best == null ? Double.NaN : best.mean(), elapsed,
          ctx.clock().remainingSeconds());
      writer.add(r, () -> ctx.progress().trial(event));
    }, finished);
    ctx.clock().lap("search");
    LOG.info("Search ended with {}s of the budget left; kept back for the trials' refits {}s", Math.round(
        ctx.clock().remainingSeconds()), Math.round(reserve(trials, maxMembers(cfg), deadline, forecast, reserveFor)));
    List<TrialResult> ranked = Ranking.rank(trials, p.metric(), ConstantScore.of(p.metric(), p.label(), p.profile()),
        what -> ctx.clock().cut("search", what));
    return new Searched(plans, trials, ranked, oof, foldTrainRows, warm, preparation, runner.fittedPrefixes());
  }

  /** The most members an ensemble of this run can have: 0 when it builds none. */
  private static int maxMembers(sparkwise.TrainConfig cfg) {
    return cfg.ensemble().enabled() ? cfg.ensemble().maxMembers() : 0;
  }

  /**
   * Whether a variant's folds will likely fit the task engine: every fold's training and validation
   * parts, about {@code folds} copies of the search rows, as dense floats, the feature vector
   * taken as twice the columns (one-hot codes widen it).
   */
  private static boolean foldsFit(Prepared p, sparkwise.TrainConfig cfg, long maxBytes) {
    long rows = Math.round(p.rows() * (1 - cfg.split().holdoutFraction()));
    int folds = Math.max(1, Splitter.validationFolds(cfg.split()).length);
    return maxBytes > 0 && (double) rows * folds * DenseRows.bytesPerRow(2 * p.features().size()) <= maxBytes;
  }

  /**
   * The search ends when the budget less the estimates of every later phase (refits aside, which
   * the runner keeps back from the best trial's own times) is spent.
   */
  private static Deadline deadline(RunContext ctx, Prepared p, long holdoutRows, boolean quickStorage,
      long cancelMillis) {
    RunClock clock = ctx.clock();
    long rows = p.rows();
    int columns = p.features().size();
    boolean ensemble = ctx.cfg().ensemble().enabled();
    if (ensemble) {
      clock.estimate("ensemble",
          PhaseEstimates.ensemble(rows, p.task(), p.label().classes().size(), quickStorage, false));
    }
    clock.estimate("evaluate", PhaseEstimates.evaluate(holdoutRows, columns));
    clock.estimate("baseline", PhaseEstimates.baseline(rows, columns));
    clock.estimate("save", PhaseEstimates.save(quickStorage));
    clock.estimate("record", PhaseEstimates.recordAndReport(quickStorage));
    // Trials still running at the search's end are cut off after a grace period, and cancelling
    // takes a moment: both come out of the search's share, not the later phases'.
    // The ensemble's time is kept back by the search itself once it has two trials to ensemble.
    long reserve = Math.round(1000 * PhaseEstimates.afterSearch(rows, holdoutRows, columns, quickStorage));
    if (ctx.opts().compareWith() != null) { // retraining: the alias holder is measured on the holdout too
      double compare = PhaseEstimates.evaluate(holdoutRows, columns) + PhaseEstimates.loadModel();
      clock.estimate("compare", compare);
      reserve += Math.round(1000 * compare);
    }
    long grace = Math.min(GRACE_MILLIS, clock.budgetMillis() / 20);
    long hardEnd = clock.endMillis() - reserve - cancelMillis;
    return new Deadline(clock.startMillis(), hardEnd - grace, hardEnd);
  }

  /**
   * Seconds the trials so far need after the search: the best one's refit and, once two trials can
   * be ensembled, the ensemble and its members' refits. Kept back from the search only then: house_16H
   * at 60 s ended 17 s early with one trial on all rows, the ensemble's 6 s reserved and never used.
   */
  private static double reserve(List<TrialResult> history, Prepared p, PreparationTimes preparation,
      long foldTrainRows, long trainRows, long rows, boolean finalOnAll, boolean ensembling, int members,
      long budgetMillis, boolean quickStorage) {
    var best = SearchRunner.best(history, p.metric());
    if (best.isEmpty()) {
      return 0;
    }
    String variant = best.get().variant();
    double measured = PhaseEstimates.preprocessingMeasuredOverRule(preparation.of(variant),
        foldTrainRows, trainRows, rows, p.features().size());
    List<TrialResult> likely = members < 2 ? List.of(best.get())
        : likelyMembers(history, p.metric().largerIsBetter(), members);
    // Scoring the holdout with the model's trees, which the evaluation's estimate before the search
    // could not know.
    double scoring = PhaseEstimates.scoring(rows - trainRows, likely, p.label().classes().size(),
        trainRows - foldTrainRows);
    // Every variant on all rows: an ensemble takes diverse members (house_prices at 69 s: a linear
    // one ranked below four XGBoosts, its variant's preparation ~3 s), which ranks alone do not show.
    double otherVariants = members < 2 ? 0 : history.stream().filter(TrialResult::eligible).map(TrialResult::variant)
        .filter(v -> !v.equals(variant)).distinct()
        .mapToDouble(v -> Math.max(0, PhaseEstimates.variantRefit(preparation.of(v), foldTrainRows, trainRows)
            - PhaseEstimates.preprocessing(trainRows, PhaseEstimates.REFIT_COLUMNS))).sum();
    return refitReserve(MemberFits.of(likely), foldTrainRows, trainRows, rows, finalOnAll, members, budgetMillis,
        new VariantTimes(preparation.of(variant), preparation.prefixOf(variant)),
        PhaseEstimates.evaluate(rows - trainRows, p.features().size()))
        + (ensembling ? PhaseEstimates.ensemble(rows, p.task(), p.label().classes().size(), quickStorage,
            TrialResult.TASK.equals(best.get().engine())) : 0) + measured + otherVariants + scoring;
  }

  /**
   * The trials an ensemble of {@code members} would likely take: the best ones on all rows. Their
   * refits, not the best trial's times {@code members} over, are what the finalize phase estimates:
   * kc1 at 69 s kept 2 s for a five-member stacking from a best trial that fitted in 0.07 s (its
   * members in up to 0.28 s, their linear variant's preparation 1.3 s), and dropped it ("its
   * refit takes ~4s, 3s of the budget left").
   */
  static List<TrialResult> likelyMembers(List<TrialResult> history, boolean largerIsBetter, int members) {
    return history.stream().filter(TrialResult::eligible).sorted(TrialResult.bestFirst(largerIsBetter))
        .limit(Math.max(1, members)).toList();
  }

  /**
   * The likely members' fits per fold, slowest first. An ensemble of m members is reserved the m
   * slowest of them, not m copies of the slowest: higgs at 60 s kept two xgboost_rf refits (11 s of
   * fits each) for an ensemble of that forest and an XGBoost (1 s), and ended 11-13 s early.
   * Members beyond the known ones count as the slowest.
   */
  record MemberFits(double[] slowestFirst) {
    static MemberFits of(List<TrialResult> trials) {
      return new MemberFits(trials.stream().mapToDouble(PhaseEstimates::fitPerFold).boxed()
          .sorted(java.util.Comparator.reverseOrder()).mapToDouble(Double::doubleValue).toArray());
    }

    /** The fits per fold of {@code members} models: the slowest ones, then copies of the slowest. */
    double sum(int members) {
      double sum = 0;
      for (int i = 0; i < members && slowestFirst.length > 0; i++) {
        sum += slowestFirst[i < slowestFirst.length ? i : 0];
      }
      return sum;
    }
  }

  /**
   * The reserve for the members an ensemble of {@code history}'s trials can have while the search
   * has time beyond it; once it has not, for as many as the ensemble that would win now has
   * (one: the best trial alone), so that time kept for members no ensemble needs goes to trials.
   */
  static double reserve(List<TrialResult> history, int maxMembers, Deadline deadline, EnsembleForecast forecast,
      ReserveFor reserveFor) {
    int members = members(history, maxMembers);
    double full = reserveFor.seconds(history, members, members);
    long now = System.currentTimeMillis();
    if (members < 2 || forecast == null || deadline.remainingForSearch(now) > Math.round(1000 * full)) {
      return full;
    }
    int likely = forecast.members(history, now).orElse(members);
    // The ensemble phase's own time stays kept back (members are possible): it may still find one that wins.
    return likely < members ? reserveFor.seconds(history, members, likely) : full;
  }

  /**
   * Seconds to keep back for {@code history}'s refits of {@code members} models, where an ensemble
   * could have {@code possible}.
   */
  @FunctionalInterface
  interface ReserveFor {
    double seconds(List<TrialResult> history, int possible, int members);
  }

  /**
   * The most members an ensemble of {@code history}'s trials can have: its trials on all rows, up
   * to {@code maxMembers}; 1 when fewer than two can be ensembled. Not {@code maxMembers} alone:
   * wine_quality at 60 s kept 15 s back for five members' refits with two trials on all rows,
   * used 6 s of it and ended 10 s before its budget.
   */
  static int members(List<TrialResult> history, int maxMembers) {
    long eligible = history.stream().filter(TrialResult::eligible).limit(Math.max(2, maxMembers)).count();
    return maxMembers >= 2 && eligible >= 2 ? (int) Math.min(maxMembers, eligible) : 1;
  }

  /**
   * An ensemble that wins the search refits several members: the search keeps room for at least
   * this many, not for the best trial alone. Otherwise the ensemble that won on the folds was
   * dropped at the refit for want of a few seconds (kc1 and australian at 70 s: "its refit takes
   * ~5s, 3s left"). More only while they fit in {@link #REFIT_SHARE} of the budget: on a 40k-row
   * table each member's refit is several seconds of search, and an ensemble that does not fit
   * gives way to the best single model.
   */
  static final int ENSEMBLE_MEMBERS = 2;

  /**
   * The share of the budget the refits may keep back. At 5 minutes, ensembles of 3–5 members in
   * room kept for 2 skipped the final fit on all rows in 5 of 6 tables ("~16s, 6s of the budget left").
   */
  static final double REFIT_SHARE = 0.15;

  /**
   * The share of the budget a final fit on all rows may take and still be kept room for: more than
   * the members' {@link #REFIT_SHARE}, as a model that saw every row is what the user deploys. At
   * 15 %, connect-4 and adult at 60 s (~8-9 s) got no room and their final fits were skipped or cut
   * once the search's other margins were trimmed.
   */
  static final double FINAL_FIT_SHARE = 0.25;

  /**
   * Seconds to keep back for refitting {@code t} (or an ensemble of trials like it, {@code
   * maxMembers} at most, {@code 1} when no ensemble is possible): on the training rows (for the
   * holdout), and on all rows too when the final fit is on all rows and such a refit is cheap next
   * to the budget. An ensemble's members beyond {@link #ENSEMBLE_MEMBERS} are reserved for only
   * while the whole reserve stays within {@link #REFIT_SHARE} of the budget.
   */
  static double refitReserve(TrialResult t, long foldTrainRows, long trainRows, long rows, boolean finalOnAll,
      int maxMembers, long budgetMillis) {
    return refitReserve(MemberFits.of(List.of(t)), foldTrainRows, trainRows, rows, finalOnAll, maxMembers,
        budgetMillis, VariantTimes.UNMEASURED, 0);
  }

  /**
   * What preparing the best trial's variant measured in the search: its folds' preparation ({@code
   * foldsSeconds}, see {@link PhaseEstimates#variantRefit}) and its unsupervised prefix's fit on the
   * search rows ({@code prefixSeconds}, see {@link PhaseEstimates#prefixRefit}); 0 when unmeasured.
   */
  record VariantTimes(double foldsSeconds, double prefixSeconds) {
    static final VariantTimes UNMEASURED = new VariantTimes(0, 0);
  }

  /**
   * The same, where preparing the best trial's variant measured {@code prepared}: the final fit on
   * all rows prepares its rows again and fits the prefix again, as the finalize phase estimates it.
   * The holdout evaluation, {@code evaluateSeconds} of the time kept after the search, runs beside
   * a final fit on all rows (HoldoutPhase): with one, only the longer of the two is kept back.
   */
  static double refitReserve(TrialResult t, long foldTrainRows, long trainRows, long rows, boolean finalOnAll,
      int maxMembers, long budgetMillis, VariantTimes prepared, double evaluateSeconds) {
    return refitReserve(MemberFits.of(List.of(t)), foldTrainRows, trainRows, rows, finalOnAll, maxMembers,
        budgetMillis, prepared, evaluateSeconds);
  }

  /** The same for an ensemble of the likely members {@code fits} ({@link MemberFits}). */
  static double refitReserve(MemberFits fits, long foldTrainRows, long trainRows, long rows, boolean finalOnAll,
      int maxMembers, long budgetMillis, VariantTimes prepared, double evaluateSeconds) {
    double share = REFIT_SHARE * budgetMillis / 1000.0;
    double finalShare = FINAL_FIT_SHARE * budgetMillis / 1000.0;
    double reserve = refitReserve(fits, foldTrainRows, trainRows, rows, finalOnAll, Math.min(maxMembers,
        ENSEMBLE_MEMBERS), finalShare, prepared, evaluateSeconds);
    for (int m = ENSEMBLE_MEMBERS + 1; m <= maxMembers; m++) {
      double more = refitReserve(fits, foldTrainRows, trainRows, rows, finalOnAll, m, finalShare, prepared,
          evaluateSeconds);
      if (more > share || more < reserve) { // smaller: the final fit's room would go for the members'
        break;
      }
      reserve = more;
    }
    return reserve;
  }

  private static double refitReserve(MemberFits fits, long foldTrainRows, long trainRows, long rows,
      boolean finalOnAll, int members, double finalShare, VariantTimes prepared, double evaluateSeconds) {
    double perFold = fits.sum(members); // the members' fits per fold, summed (modelFit is linear in it)
    boolean ensemble = members > 1;
    // One variant's preprocessing is reserved already; an ensemble's members span two (trees, linear).
    // The refit's boosting stops its tail's worth before the phases after it need the time
    // (FinalizePhase.TAIL_PER_MODEL): kept here too, or a search that left exactly its reserve cuts
    // the refit short (blood-transfusion at 180 s: five members' boosting stopped early, ROC-AUC 0.65,
    // not 0.71).
    double onTrain = PhaseEstimates.modelFit(perFold, foldTrainRows, trainRows)
        + members * FinalizePhase.TAIL_PER_MODEL
        + (ensemble ? PhaseEstimates.preprocessing(trainRows, PhaseEstimates.REFIT_COLUMNS) : 0);
    double models = PhaseEstimates.modelFit(perFold, foldTrainRows, rows);
    // The rows prepared as the folds measured and the prefix fitted again, as FinalizePhase estimates
    // them from the refit (bike sharing at 60 s: without the prefix the search left the final fit
    // 5.9 s, which it needed more than, and it was abandoned). By the rule of thumb alone, adult and
    // bike sharing kept ~4 s for final fits estimated at ~10 s after their refits, and skipped them.
    // An ensemble's second variant by the rule: its measured preparation is reserved on the training
    // rows (otherVariants); the best's twice kept adult at 60 s 16 s for refits that took 10 s.
    double fitOnAll = PhaseEstimates.variantRefit(prepared.foldsSeconds(), foldTrainRows, rows)
        + (ensemble ? PhaseEstimates.preprocessing(rows, PhaseEstimates.REFIT_COLUMNS) : 0) + models;
    // As the finalize phase estimates it from its refit, margin included (adult at 60 s: 11.6 s
    // kept without the margin, where the finalize phase estimated 8.8 s and the fit took 6.6 s).
    double onAll = PhaseEstimates.finalFit(fitOnAll, prepared.prefixSeconds(), trainRows, rows);
    // The evaluation's time is kept after the search already (connect-4 at 60 s: 2.1 s kept, 0.0 s
    // spent past a 6 s final fit, and the search ended with a trial cancelled).
    return finalOnAll && onAll < finalShare ? onTrain + onAll - Math.min(onAll, evaluateSeconds) : onTrain;
  }
}
