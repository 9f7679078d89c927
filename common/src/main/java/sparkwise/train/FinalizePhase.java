package sparkwise.train;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.data.JobDeadline;
import sparkwise.data.Splitter;
import sparkwise.ensemble.Ensembler;
import sparkwise.ensemble.Ensembles;
import sparkwise.features.LabelIndex;
import sparkwise.features.SchemaGuard;
import sparkwise.monitoring.Baseline;
import sparkwise.monitoring.Histograms;
import java.util.concurrent.atomic.AtomicInteger;
import sparkwise.models.ModelCatalog;
import sparkwise.models.RefitDeadline;
import sparkwise.TrialResult;

/**
 * The finalize phase: the chosen model refitted on the training rows and measured on the holdout,
 * then (budget allowing) refitted on every row, and the drift baseline. A refit that would overrun
 * the budget is shortened to a sample of the rows; a final fit on all rows that would is skipped.
 */
final class FinalizePhase {

  /**
   * A final fit on all rows, from the refit's measured time scaled by rows, times this: the
   * expected time, not a bound. The second fit runs in a warm JVM (final fit / refit: 0.43-1.19,
   * median 0.85, on the ten tables that did both at 60 s, benchmarks/budget.csv at 41377fc), and
   * its boosting stops at the deadline anyway. With a margin of 1.15, higgs 7.5k skipped a final
   * fit of ~8 s with 7 s left and ended 9 s early. The search keeps room for the final fit with the
   * same estimate ({@link PhaseEstimates#finalFit}).
   */
  static final double MEASURED_MARGIN = 0.9;

  /**
   * A final fit whose boosting stops at the deadline is tried with this share of its estimate left:
   * the estimate is an expectation, and an attempt cut short is dropped.
   */
  static final double TRY_SHARE = 0.6;

  /**
   * Seconds a fit takes past its last model's boosting, per model (its pipeline assembled, an
   * ensemble's members put side by side): the refit's boosting deadline leaves this much before the
   * phases after it. 500 × 5,000 screened to 120 at 60 s: five members' fit ended 1.3 s past the
   * deadline of its boosting. A final fit on all rows is given up at its deadline instead.
   */
  static final double TAIL_PER_MODEL = 0.3;

  private FinalizePhase() {}

  static Finalized run(RunContext ctx, Prepared p, Searched s, EnsemblePhase.Ranked r, Dataset<Row> split) {
    long seed = ctx.cfg().seed();
    TrialResult best = r.ranked().get(0);
    // The drift baseline needs only the schema guard, the same in every plan: its histograms are
    // gathered beside the refits rather than after them.
    Baseline[] early = new Baseline[1];
    var guards = s.plans().values().stream().map(pl -> pl.stages().get(0)).filter(SchemaGuard.class::isInstance)
        .map(SchemaGuard.class::cast).findFirst();
    var histograms = guards.map(g -> Background.run("sparkwise-baseline",
        () -> early[0] = Histograms.baseline(g.transform(split), g, p.profile())));
    Dataset<Row> trainRows = split.filter(col(Splitter.HOLDOUT).equalTo(false));
    Dataset<Row> holdoutRows = split.filter(col(Splitter.HOLDOUT).equalTo(true));
    long rows = p.rows();
    long trainCount = Math.round(rows * (1 - ctx.cfg().split().holdoutFraction()));
    int columns = p.features().size();
    double evaluate = PhaseEstimates.evaluate(rows - trainCount, columns)
        + PhaseEstimates.scoring(rows - trainCount, members(best, r), p.label().classes().size(),
            trainCount - s.foldTrainRows());
    ctx.clock().estimate("evaluate", evaluate);
    // Retraining measures the alias holder on the holdout once the final fit has ended.
    double compare = ctx.opts().compareWith() == null ? 0 : evaluate + PhaseEstimates.loadModel();
    double after = evaluate + PhaseEstimates.baseline(rows, columns) + PhaseEstimates.afterBaseline(ctx.quickStorage())
        + compare;
    double estimate = refitSeconds(best, r, s, trainCount);
    if (Ensembles.isEnsemble(best) && estimate > ctx.clock().remainingSeconds() - after) {
      // An ensemble refitted on a sample of the rows loses what made it win: the next best whose
      // refit fits (a smaller ensemble, or a single model) is the better deal, else the best single
      // model, on a sample if need be.
      double room = ctx.clock().remainingSeconds() - after;
      TrialResult first = r.ranked().stream().filter(t -> !Ensembles.isEnsemble(t)).findFirst().orElseThrow();
      TrialResult instead = first;
      for (TrialResult t : r.ranked()) { // the best single model comes before every worse one
        if (t == first || refitSeconds(t, r, s, trainCount) <= room) {
          instead = t;
          break;
        }
      }
      double alone = refitSeconds(instead, r, s, trainCount);
      if (alone < estimate) {
        ctx.clock().cut("ensemble", String.format(Locale.ROOT, "%s not used: its refit takes ~%.0fs, %.0fs of the "
            + "budget left; %s is refitted instead", best.candidate().family(), estimate, Math.max(0, room),
            instead == first ? "the best single model" : "the next best, " + instead.candidate().family() + " of "
                + members(instead, r).size() + ","));
        best = instead;
        estimate = alone;
      }
    }
    ctx.clock().estimate("refit", estimate);
    double share = Fallback.rowShare(best, trainCount);
    if (share < 1) {
      ctx.clock().cut("refit", String.format(Locale.ROOT, "the unsearched tree is fitted on a sample of ~%,d of the"
          + " %,d training rows", Fallback.TREE_ROWS, trainCount));
    }
    double fraction = Math.min(share, shortened(ctx, "refit", estimate * share, after));
    Dataset<Row> fitRows = fraction < 1 ? trainRows.sample(false, fraction, seed) : trainRows;
    ctx.progress().phase("refitting " + describe(best) + " on " + (fraction < 1
        ? String.format(Locale.ROOT, "%.0f%% of the", fraction * 100) : "all") + " training rows");
    AtomicInteger cutShort = new AtomicInteger();
    TrialResult chosen = best;
    long refitStart = ctx.clock().now();
    PipelineModel model = RefitDeadline.boundedBy(deadline(ctx, after + tail(chosen, r)), cutShort,
        () -> fit(chosen, r, s, fitRows, p, seed, fraction < 1 ? Map.of() : s.fittedPrefixes()));
    double refitTook = (ctx.clock().now() - refitStart) / 1000.0;
    if (cutShort.get() > 0) {
      ctx.clock().cut("refit", "boosting stopped at the budget's deadline with fewer rounds than the trial's"
          + " (boosted trees at a larger learning rate in the rounds that fitted); the holdout metrics are this model's");
    }
    ctx.clock().lap("refit");
    // Beside the final fit: the run's last write then finds the runs table read. Not beside the
    // refit, whose measured time the final fit's estimate scales: with the read-ahead there, refits
    // at 60 s took 1-3 s longer (car 1.6 -> 2.7 s, amazon 1.9 -> 5.2 s) and adult and bike sharing
    // skipped final fits estimated at twice what they would have taken.
    Background.run("sparkwise-runs-read-ahead", () -> ctx.tracker().readRunAhead(ctx.runId()));
    // The refit just measured, scaled to all rows, beats the estimate made from the trials' fits
    // (higgs 7.5k at 60 s: estimated 8.3 s, 7 s left, skipped; the refit had taken 5.2 s).
    boolean onAllWanted = "all".equals(ctx.cfg().finalFit()) && fraction >= 1;
    // Not the smaller of the two: the demo's 30k rows (an ensemble with a wide one-hot linear member)
    // estimated 17.6 s from the trials, refitted in 27.9 s and fitted on all rows in 41.6 s; at 150 s
    // the final fit ran to the deadline and was thrown away.
    double refitOnAll = refitTook * rows / Math.max(1.0, trainCount);
    double onAll = !onAllWanted ? 0 : cutShort.get() > 0 ? refitSeconds(best, r, s, rows)
        : PhaseEstimates.finalFit(refitOnAll, prefixSeconds(best, r, s), trainCount, rows);

    TrialResult bestSingle = r.ranked().stream().filter(t -> !Ensembles.isEnsemble(t)).findFirst().orElseThrow();
    double left = ctx.clock().remainingSeconds() - (after - evaluate);
    // Boosters of the task engine's size stop at the deadline: one that does not end in time is
    // dropped, and trying costs only time the run would have left unused (connect-4 at 60 s:
    // "~14s, 10s left", skipped, the run ended at 49 s).
    // Not a random forest's one round, which nothing stops once begun: higgs 7.5k at 60 s tried a
    // stacking with an xgboost_rf member on 7 s of an estimated 12 and ended at 62-63 s.
    boolean bounded = members(best, r).stream().allMatch(t -> TrialResult.TASK.equals(t.engine())
        && ModelCatalog.cuttable(t.candidate().family()));
    boolean tryOnAll = onAllWanted && triesOnAll(onAll, left, bounded);
    PipelineModel trained = model;
    TrialResult refitted = best;
    // The report's refit of a best single model outside the ensemble comes after the final fit on
    // all rows in priority: higgs at 60 s spent 5 s on it, then skipped the final fit ("~8s, 1s left").
    double singleAfter = after + (tryOnAll ? onAll : 0);
    java.util.function.Supplier<HoldoutPhase.Evaluated> measure = () -> HoldoutPhase.run(ctx, trained, refitted,
        bestSingle, s, trainRows, holdoutRows, p, trainCount, rows - trainCount, singleAfter);

    String finalFit = "train";
    HoldoutPhase.Evaluated measured;
    if (onAllWanted) {
      ctx.clock().estimate("final_fit", onAll);
    }
    if (tryOnAll) {
      // The holdout evaluation needs nothing of the final fit: it runs beside it, and the phases'
      // seconds count the overlap as the final fit's (bike sharing at 60 s: evaluate 2.9 s, then a
      // final fit of 6.1 s, in turn).
      ctx.clock().lap("evaluate"); // a moment, so that phase_seconds keeps the flow's order
      var beside = Background.supply("sparkwise-evaluate", measure);
      ctx.progress().phase("refitting " + describe(best) + " on all rows, the holdout included"
          + (onAll <= left ? "" : String.format(Locale.ROOT, " (~%.0fs, %.0fs left: kept only if it ends in time)",
              onAll, left)));
      // Its boosting and its Spark jobs both end by the time the phases after it need: given up
      // there, not finished and thrown away (a tail's deadline 0.3 s a member earlier, as the
      // refit's, had cost australian, diabetes, kc1 and house_prices at 60 s their final fits).
      long stopAt = deadline(ctx, after - evaluate);
      var onAllRows = JobDeadline.run(ctx.spark(), "sparkwise-final-fit-" + ctx.runId(), stopAt,
          () -> RefitDeadline.abandonedAt(stopAt, () -> fit(refitted, r, s, split, p, seed, Map.of())))
          .flatMap(fitted -> fitted);
      if (onAllRows.isPresent()) {
        model = onAllRows.get();
        finalFit = "all";
      } else {
        ctx.clock().cut("final_fit", "abandoned: the fit on all rows had not ended by the budget's deadline; the"
            + " model is the one trained on the training rows, whose holdout metrics are reported");
      }
      ctx.clock().lap("final_fit");
      measured = Background.await(beside, "the holdout evaluation");
      ctx.clock().lap("evaluate");
    } else {
      measured = measure.get();
      ctx.clock().lap("evaluate");
      if (onAllWanted) {
        ctx.clock().cut("final_fit", String.format(Locale.ROOT,
            "skipped: a refit on all rows takes ~%.0fs, %.0fs of the budget left; the model is the one "
                + "trained on the training rows", onAll, Math.max(0, left)));
      }
      ctx.clock().lap("final_fit");
    }
    Map<String, Double> holdout = measured.holdout();
    ObjectNode evaluation = measured.evaluation();
    Map<String, Double> bestSingleHoldout = measured.bestSingleHoldout();
    sparkwise.Comparison comparison = compared(ctx, p, holdoutRows, holdout);

    Baseline baseline;
    if (histograms.isPresent()) {
      Background.await(histograms.get(), "the drift baseline");
      baseline = early[0];
    } else {
      SchemaGuard guard = (SchemaGuard) model.stages()[0];
      baseline = Histograms.baseline(guard.transform(split), guard, p.profile());
    }
    ctx.clock().lap("baseline");
    return new Finalized(best, bestSingle, model, holdout, evaluation, bestSingleHoldout, baseline, finalFit,
        comparison);
  }

  /** When a refit's boosting must end: the budget less {@code after} seconds for the phases after it. */
  static long deadline(RunContext ctx, double after) {
    return ctx.clock().now() + Math.round(1000 * Math.max(0, ctx.clock().remainingSeconds() - after));
  }

  /**
   * The share of rows a refit estimated at {@code estimate} seconds can use and leave {@code after}
   * seconds for the phases after it: 1 when it fits, else a proportional sample (at least 5 %).
   */
  private static double shortened(RunContext ctx, String phase, double estimate, double after) {
    double left = ctx.clock().remainingSeconds() - after;
    if (estimate <= left) {
      return 1.0;
    }
    double fraction = Math.max(0.05, Math.min(1.0, left / estimate));
    ctx.clock().cut(phase, String.format(Locale.ROOT,
        "shortened: a refit on all training rows takes ~%.0fs, %.0fs of the budget left; trained on %.0f%% of them",
        estimate, Math.max(0, left), fraction * 100));
    return fraction;
  }

  /**
   * A refit of {@code best} on {@code rows} rows: for an ensemble, each member's own fit and each
   * preprocessing variant once (the members of one variant share its fitted stages).
   */
  private static double refitSeconds(TrialResult best, EnsemblePhase.Ranked r, Searched s, long rows) {
    return refitSeconds(members(best, r), s, rows);
  }

  /**
   * Fitting {@code members} on {@code rows} rows: each one's fit per fold on its trial's share of the
   * rows, scaled to {@code rows}, and each preprocessing variant once. The holdout phase estimates its
   * refit of the best single model with it too.
   */
  static double refitSeconds(List<TrialResult> members, Searched s, long rows) {
    double preprocessing = members.stream().map(TrialResult::variant).distinct()
        .mapToDouble(v -> s.preprocessing(v, rows)).sum();
    return preprocessing + members.stream().mapToDouble(t -> PhaseEstimates.modelFit(
        PhaseEstimates.fitPerFold(t) / Math.max(0.01, t.candidate().fraction()),
        s.foldTrainRows(), rows)).sum();
  }

  /**
   * Whether the final fit on all rows is tried: when its estimate fits in the {@code left} seconds,
   * or, for boosters that stop at the deadline ({@code bounded}), when {@link #TRY_SHARE} of it does.
   */
  static boolean triesOnAll(double estimate, double left, boolean bounded) {
    return estimate <= left || bounded && TRY_SHARE * estimate <= left;
  }

  /**
   * Seconds the unsupervised prefixes that the refit on the training rows took ready-made from the
   * search took to fit on the search rows, summed over the variants of {@code best}'s models: a fit
   * on all rows fits them again (see {@link PhaseEstimates#prefixRefit}). The demo's refit took
   * 27.9 s, its final fit 41.6 s, where the rows alone said 31 s. Not the folds' whole preparation:
   * scaled by rows, that said 2.6 s on car, whose final fit took 2.0 s, and cost it the final fit at 60 s.
   */
  private static double prefixSeconds(TrialResult best, EnsemblePhase.Ranked r, Searched s) {
    return members(best, r).stream().map(t -> ModelCatalog.get(t.candidate().family()).variant()).distinct()
        .filter(v -> !s.fittedPrefixes().getOrDefault(v, List.of()).isEmpty())
        .mapToDouble(v -> s.preparation().prefixOf(v.name().toLowerCase(Locale.ROOT)))
        .sum();
  }

  /** The trials a refit of {@code best} fits: an ensemble's members, or {@code best} alone. */
  /** What a fit of {@code best} does past its boosting (see {@link #TAIL_PER_MODEL}). */
  private static double tail(TrialResult best, EnsemblePhase.Ranked r) {
    return TAIL_PER_MODEL * members(best, r).size();
  }

  private static List<TrialResult> members(TrialResult best, EnsemblePhase.Ranked r) {
    Ensembler.Result e = r.ensembles().get(best.candidate().seq());
    return e != null ? e.members() : List.of(best);
  }

  /** {@code prefixes}: the search's fitted unsupervised prefixes when {@code rows} are the training rows, else none. */
  private static PipelineModel fit(TrialResult best, EnsemblePhase.Ranked r, Searched s, Dataset<Row> rows,
      Prepared p, long seed, Map<sparkwise.features.FeatureVariant, List<Transformer>> prefixes) {
    Ensembler.Result e = r.ensembles().get(best.candidate().seq());
    return e != null ? Refits.ensemble(e, s.plans(), rows, p.label(), p.task(), seed, prefixes)
        : Refits.single(best, s.plans(), rows, p.label(), p.task(), seed, prefixes);
  }

  private static String describe(TrialResult t) {
    return t.candidate().family() + " " + (Ensembles.isEnsemble(t) ? "of " + t.candidate().params().get("members")
        : t.candidate().paramsJson());
  }

  /** The model the caller compares with, measured on the same holdout rows as the run's (null: none asked). */
  private static sparkwise.Comparison compared(RunContext ctx, Prepared p, Dataset<Row> holdoutRows,
      Map<String, Double> holdout) {
    String other = ctx.opts().compareWith();
    if (other == null) {
      return null;
    }
    ctx.progress().phase("measuring " + other + " on the same holdout rows");
    Map<String, Double> theirs = sparkwise.models.SavedModel.load(other)
        .evaluate(holdoutRows.drop(LabelIndex.COLUMN), p.label().name());
    ctx.clock().lap("compare");
    return new sparkwise.Comparison(p.metric().id(), p.metric().largerIsBetter(), holdout, theirs);
  }
}
