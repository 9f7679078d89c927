package sparkwise.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Errors;
import sparkwise.data.Splitter;
import sparkwise.ensemble.Ensembler;
import sparkwise.ensemble.Ensembles;
import sparkwise.evaluation.Metric;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * The ensemble phase: ensembles of the best trials built on their out-of-fold predictions, added
 * to the ranking. An ensemble is an extra: skipped when its estimate does not fit in the budget
 * left (its refit included), or when building one fails.
 */
final class EnsemblePhase {
  private static final Logger LOG = LoggerFactory.getLogger(EnsemblePhase.class);

  /** The ranking with the ensembles in it, and the ensembles by their leaderboard numbers. */
  record Ranked(List<TrialResult> ranked, Map<Integer, Ensembler.Result> ensembles) {}

  private EnsemblePhase() {}

  static Ranked run(RunContext ctx, Prepared p, Searched s, double afterEnsembleSeconds) {
    List<TrialResult> ranked = new ArrayList<>(s.ranked());
    if (s.oof() == null || ranked.size() < 2 || !ranked.get(0).candidate().onAllRows()) {
      return new Ranked(ranked, Map.of());
    }
    sparkwise.data.PausePoints.reach(sparkwise.data.PausePoints.ENSEMBLE);
    var cfg = ctx.cfg();
    double estimate = PhaseEstimates.ensemble(p.rows(), p.task(), p.label().classes().size(), ctx.quickStorage(),
        TrialResult.TASK.equals(ranked.get(0).engine()));
    ctx.clock().estimate("ensemble", estimate); // now that the engine that ran the best trial is known
    // Refitting an ensemble costs about its members' refits: keep room for the two best. The
    // phases after the ensemble already hold the best single model's refit, which an ensemble
    // that wins replaces: only the difference is extra.
    double members = ranked.stream().limit(2).mapToDouble(t -> PhaseEstimates.refit(
        PhaseEstimates.fitPerFold(t), s.foldTrainRows(), s.foldTrainRows())).sum();
    double single = PhaseEstimates.refit(PhaseEstimates.fitPerFold(ranked.get(0)),
        s.foldTrainRows(), s.foldTrainRows());
    double left = ctx.clock().remainingSeconds();
    // Skipped only when even building them does not fit: an ensemble that wins but whose refit does
    // not fit gives way at the refit (the search kept room for one refit when none was winning).
    if (estimate + afterEnsembleSeconds > left) {
      ctx.clock().cut("ensemble", String.format(Locale.ROOT,
          "skipped: ~%.0fs to build, %.0fs of the budget left for it and the phases after it",
          estimate, left - afterEnsembleSeconds));
      return new Ranked(ranked, Map.of());
    }
    Metric metric = p.metric();
    ctx.progress().phase("ensembling the best trials (" + cfg.ensemble().method() + ", up to "
        + cfg.ensemble().maxMembers() + " members) on their out-of-fold predictions");
    long stopBy = ctx.clock().endMillis() - Math.round(1000 * (Math.min(Math.max(0, members - single),
        Math.max(0, left - estimate - afterEnsembleSeconds)) + afterEnsembleSeconds));
    Map<Integer, Ensembler.Result> out = new LinkedHashMap<>();
    try {
      List<Ensembler.Result> built = new Ensembler(s.oof(), new Ensembler.Settings(p.task(), metric,
          cfg.ensemble().method(), cfg.ensemble().maxMembers(), Splitter.validationFolds(cfg.split()), stopBy))
          .build(ranked);
      for (int i = 0; i < built.size(); i++) {
        Ensembler.Result e = built.get(i);
        out.put(Candidate.ENSEMBLE_BASE + i, e);
        ctx.progress().trial(String.format("%s of %s: %s=%.4f (±%.4f)", e.family(),
            e.members().stream().map(t -> t.candidate().trialId()).toList(), metric.id(), e.mean(), e.std()));
      }
    } catch (Exception e) { // the best single model still stands
      LOG.warn("Ensembling failed; keeping the single models", e);
      ctx.progress().phase("ensembles skipped: " + Errors.firstLine(e));
      out.clear();
    }
    out.forEach((seq, e) -> ranked.add(Ensembles.asTrial(seq, e)));
    ranked.sort(TrialResult.bestFirst(metric.largerIsBetter()));
    return new Ranked(ranked, out);
  }
}
