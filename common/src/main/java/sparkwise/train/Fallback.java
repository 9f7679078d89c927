package sparkwise.train;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelIndex;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * The model of a search that the deadline cut off before any trial finished: a shallow decision
 * tree (depth 5, at least 10 rows a leaf), not searched, fitted straight on the training rows in
 * the refit: a few Spark jobs, where any cross-validated trial costs dozens. A run inside its
 * budget always ends with a model, and says this is what it is. A warm-started run falls back on
 * its warm start's first configuration instead (the earlier model's own).
 */
final class Fallback {
  /** The fallback's number: below the ensembles', above any real trial's. */
  static final int SEQ = Candidate.ENSEMBLE_BASE - 1;

  /**
   * The most training rows the fallback tree is fitted on. A tree of depth 5 gains next to nothing
   * from more, and the fallback runs when the budget is nearly spent: connect-4 at 60 s on a loaded
   * machine refitted it on all 54k training rows (42 categorical columns) for 45 s, estimated at
   * 1.5 s, and the run took 117 s.
   */
  static final long TREE_ROWS = 10_000;

  private Fallback() {}

  /** Whether {@code t} is the unsearched decision tree (not a warm start's configuration). */
  static boolean isTree(TrialResult t) {
    return t.candidate().seq() == SEQ && "decision_tree".equals(t.candidate().family());
  }

  /** The share of {@code trainRows} training rows {@code t}'s refit uses: at most {@link #TREE_ROWS} for the tree. */
  static double rowShare(TrialResult t, long trainRows) {
    return isTree(t) && trainRows > TREE_ROWS ? (double) TREE_ROWS / trainRows : 1.0;
  }

  /**
   * Whether the search ended without a model because of the clock, not because every trial failed:
   * no trial finished, or those that did ran on a share of the rows and lost to a constant.
   */
  static boolean applies(Searched s) {
    return s.ranked().isEmpty() && (s.trials().isEmpty()
        || s.trials().stream().anyMatch(t -> t.status() == TrialResult.Status.CANCELLED || t.ok()));
  }

  static Searched constantModel(RunContext ctx, Prepared p, Searched s) {
    Map<FeatureVariant, FeaturePlan> plans = new EnumMap<>(FeatureVariant.class);
    plans.putAll(s.plans());
    plans.computeIfAbsent(FeatureVariant.TREE, v -> FeaturePlanner.plan(p.profile(), p.features(), p.label(),
        LabelIndex.COLUMN, v, ctx.cfg().features()));
    long now = ctx.clock().now();
    TrialResult t;
    var warm = s.warm();
    if (warm != null && !warm.seeds().isEmpty()) {
      // A warm start's first configuration is a model known to do well on this problem: better
      // than an unsearched tree. Its earlier fits' time sizes the refit (shortened if need be).
      Candidate seed = warm.seeds().get(0);
      ModelFamily family = ModelCatalog.get(seed.family());
      plans.computeIfAbsent(family.variant(), v -> FeaturePlanner.plan(p.profile(), p.features(), p.label(),
          LabelIndex.COLUMN, v, ctx.cfg().features()));
      double seconds = Double.isFinite(warm.firstSeedFitSeconds()) ? warm.firstSeedFitSeconds() : 0;
      t = new TrialResult(new Candidate(SEQ, seed.family(), seed.params()),
          family.variant().name().toLowerCase(java.util.Locale.ROOT), TrialResult.Status.OK, List.of(), Double.NaN,
          Double.NaN, seconds, now, now, null);
      ctx.clock().cut("search", "no trial finished within the budget; the model is the warm start's first "
          + "configuration (" + seed.family() + " from " + warm.source() + "), not cross-validated on these rows, "
          + "fitted on the training rows");
    } else {
      Candidate c = new Candidate(SEQ, "decision_tree", Map.of("maxDepth", 5, "minInstancesPerNode", 10));
      t = new TrialResult(c, "tree", TrialResult.Status.OK, List.of(), Double.NaN, Double.NaN, 0, now, now, null);
      ctx.clock().cut("search", "no trial finished within the budget; the model is a decision tree of depth 5, "
          + "not searched, fitted on the training rows");
    }
    return new Searched(plans, s.trials(), List.of(t), s.oof(), s.foldTrainRows(), s.warm(), s.preparation(),
        s.fittedPrefixes());
  }
}
