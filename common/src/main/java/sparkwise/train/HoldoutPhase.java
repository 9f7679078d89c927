package sparkwise.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.ensemble.EnsembleModel;
import sparkwise.evaluation.HoldoutDiagnostics;
import sparkwise.evaluation.HoldoutEvaluation;
import sparkwise.evaluation.LocalMetrics;
import sparkwise.evaluation.Metric;
import sparkwise.features.LabelIndex;
import sparkwise.models.RefitDeadline;
import sparkwise.TrialResult;

/**
 * The holdout evaluation of the model refitted on the training rows: its metrics, the report's
 * diagnostics and feature importance, and the best single model's metrics when an ensemble won.
 * It needs nothing of the final fit on all rows, so it runs beside it (see {@link FinalizePhase}).
 */
final class HoldoutPhase {
  private static final Logger LOG = LoggerFactory.getLogger(HoldoutPhase.class);

  /** The trained model's holdout metrics and diagnostics, and the best single model's metrics (empty: not measured). */
  record Evaluated(Map<String, Double> holdout, ObjectNode evaluation, Map<String, Double> bestSingleHoldout) {}

  private HoldoutPhase() {}

  /**
   * Measures {@code model} (fitted on {@code trainRows}, about {@code trainCount} of them) on
   * {@code holdoutRows}; {@code after}: the seconds the phases after this one need, which a refit of
   * the best single model must leave.
   */
  static Evaluated run(RunContext ctx, PipelineModel model, TrialResult best, TrialResult bestSingle, Searched s,
      Dataset<Row> trainRows, Dataset<Row> holdoutRows, Prepared p, long trainCount, long holdoutCount,
      double after) {
    // A holdout that fits on the driver (known from the split's share, no count needed) is
    // collected once, uncached, for every metric and diagnostic: one job over the model.
    boolean small = holdoutCount <= LocalMetrics.MAX_ROWS / 2;
    // A checkpoint of at most Interpreted.SMALL_CELLS cells: a fraction of a second to write.
    Dataset<Row> held = small && sparkwise.data.Interpreted.smallCells(holdoutCount, p.features().size())
        ? holdoutRows.localCheckpoint(true) : holdoutRows;
    try {
      return run(ctx, model, best, bestSingle, s, trainRows, held, p, trainCount, after, small);
    } finally {
      if (held != holdoutRows) {
        held.unpersist();
      }
    }
  }

  /**
   * {@link #run}, on holdout rows that are a checkpoint when they are few: every step of the
   * scoring query (a column added, one dropped) is analysed with the whole plan beneath it, and the
   * split's plan carries the input's; 500 rows of 5,000 columns (screened to 240) spent ~6 s of an
   * 11 s evaluation in Spark's analyzer (DeduplicateRelations) over 99 holdout rows.
   */
  private static Evaluated run(RunContext ctx, PipelineModel model, TrialResult best, TrialResult bestSingle,
      Searched s, Dataset<Row> trainRows, Dataset<Row> holdoutRows, Prepared p, long trainCount, double after,
      boolean small) {
    // An ensemble's best member is measured from the ensemble's own query when it is one of its members.
    int member = bestSingle == best || !small ? -1 : memberIndex(model, bestSingle);
    Dataset<Row> predictions = member >= 0
        ? ((EnsembleModel) model.stages()[1]).transformKeepingMemberScores(model.stages()[0].transform(holdoutRows))
        : small ? model.transform(holdoutRows) : model.transform(holdoutRows).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Double> holdout;
    Optional<Map<String, Double>> memberHoldout = Optional.empty();
    ObjectNode evaluation;
    try {
      var collected = small || LocalMetrics.fits(predictions) ? Optional.of(LocalMetrics.collectWith(predictions,
          LabelIndex.COLUMN, p.task(), member >= 0 ? EnsembleModel.memberScores(member) : null))
          : Optional.<LocalMetrics.Scored[]>empty();
      var local = collected.map(c -> c[0]);
      if (member >= 0) {
        memberHoldout = collected.flatMap(c -> LocalMetrics.of(c[1], p.task(), Metric.reported(p.task())));
      }
      var metrics = local.flatMap(l -> LocalMetrics.of(l, p.task(), Metric.reported(p.task())));
      holdout = metrics.isPresent() ? metrics.get() : HoldoutEvaluation.evaluateCached(predictions, LabelIndex.COLUMN, p.task());
      evaluation = metrics.isPresent() ? HoldoutDiagnostics.of(local.get(), p.task(), p.label().classes())
          : HoldoutDiagnostics.of(predictions, LabelIndex.COLUMN, p.task(), p.label().classes(), ctx.cfg().seed());
      try {
        FeatureImportance.of(model, holdoutRows).ifPresent(fi -> evaluation.set("feature_importance", fi));
      } catch (RuntimeException e) {
        LOG.warn("Feature importance not available for run {}", ctx.runId(), e);
      }
    } finally {
      predictions.unpersist();
    }
    Map<String, Double> bestSingleHoldout = bestSingle == best ? holdout : memberHoldout.isPresent()
        ? memberHoldout.get()
        : bestSingleHoldout(ctx, model, bestSingle, s, trainRows, trainCount, holdoutRows, p, after, small);
    return new Evaluated(holdout, evaluation, bestSingleHoldout);
  }

  /**
   * The best single model's holdout metrics when an ensemble won: the member already refitted inside
   * the ensemble when it is one (the usual case), else a refit of its own if the budget allows. That
   * refit is estimated as the finalize phase estimates one, on the training rows from the trial's
   * share of them, and its boosting stops at the deadline: estimated on the folds' rows alone, it
   * took wine_quality's evaluation at 180 s to 7.2 s against 1.5 s estimated.
   */
  private static Map<String, Double> bestSingleHoldout(RunContext ctx, PipelineModel chosen, TrialResult single,
      Searched s, Dataset<Row> trainRows, long trainCount, Dataset<Row> holdoutRows, Prepared p, double after,
      boolean small) {
    EnsembleModel ensemble = (EnsembleModel) chosen.stages()[1];
    int j = memberIndex(chosen, single);
    PipelineModel alone;
    if (j >= 0) {
      alone = new PipelineModel(Identifiable.randomUID("pipeline"),
          new Transformer[] {chosen.stages()[0], ensemble.member(j)});
    } else {
      double estimate = singleRefit(single, s, trainCount);
      double left = ctx.clock().remainingSeconds() - after;
      if (estimate > left) {
        ctx.clock().cut("evaluate", String.format(Locale.ROOT, "the best single model's holdout metrics:"
            + " skipped, its refit takes ~%.0fs, %.0fs of the budget left", estimate, Math.max(0, left)));
        return Map.of();
      }
      ctx.clock().addToEstimate("evaluate", estimate);
      AtomicInteger cut = new AtomicInteger();
      alone = RefitDeadline.boundedBy(FinalizePhase.deadline(ctx, after), cut, () -> Refits.single(single,
          s.plans(), trainRows, p.label(), p.task(), ctx.cfg().seed(), s.fittedPrefixes()));
      if (cut.get() > 0) {
        ctx.clock().cut("evaluate", "the best single model's holdout metrics: skipped, its refit's boosting had not"
            + " ended by the budget's deadline");
        return Map.of();
      }
    }
    return HoldoutEvaluation.evaluate(alone.transform(holdoutRows), LabelIndex.COLUMN, p.task(), small);
  }

  /** A refit of {@code single} on the {@code trainCount} training rows, as the finalize phase estimates one. */
  static double singleRefit(TrialResult single, Searched s, long trainCount) {
    return FinalizePhase.refitSeconds(List.of(single), s, trainCount);
  }

  /**
   * Where {@code single} is among the members of ensemble pipeline {@code chosen} (-1: not one of them).
   * A classifier's pipeline ends with the label decoder after the ensemble: the demo's 30k rows spent
   * 30 s of its evaluation refitting a member it had in hand while this looked for exactly two stages.
   */
  static int memberIndex(PipelineModel chosen, TrialResult single) {
    if (chosen.stages().length < 2 || !(chosen.stages()[1] instanceof EnsembleModel ensemble)) {
      return -1;
    }
    String name = single.candidate().trialId() + " " + single.candidate().family();
    return Arrays.asList(ensemble.getMemberNames()).indexOf(name);
  }
}
