package sparkwise.train;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import sparkwise.Errors;
import sparkwise.Candidate;
import sparkwise.TrialResult;
import sparkwise.search.WarmStart;
import sparkwise.models.ModelCatalog;
import sparkwise.registry.ModelRef;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;

/**
 * Reads a warm start ({@code search.warm_start}) from the warehouse's Delta tables only: a
 * registry reference resolves to its version's run, whose recorded trials give the seeds and,
 * when the feature plan is the same, the priors. Nothing else is read, so a laptop warehouse and
 * a cluster's object store behave alike.
 */
final class WarmStarts {
  private WarmStarts() {}

  /** The warm start the config names, or null for a cold start. */
  static WarmStart read(RunContext ctx, Prepared p) {
    String ref = ctx.cfg().search().warmStart();
    if (ref == null) {
      return null;
    }
    ModelRef r = ModelRef.parse(ref);
    String runId;
    String task;
    String label;
    String metric;
    List<String> features = null;
    Candidate champion = null;
    String source;
    if (!r.isPath()) {
      ModelVersion v = new ModelRegistry(ctx.spark(), ctx.warehouse()).resolve(r).orElseThrow();
      runId = v.runId();
      task = v.task();
      label = v.label();
      metric = v.metric();
      features = v.features();
      if (v.bestModel() != null && ModelCatalog.names().contains(v.bestModel()) && v.paramsJson() != null) {
        champion = Candidate.fromJson(0, v.bestModel(), v.paramsJson(), 1.0);
      }
      source = ref + " (" + v.ref() + ", run " + runId + ")";
    } else {
      Row run = ctx.tracker().run(ref).orElseThrow(() -> Errors.config("search.warm_start",
          "'" + ref + "' is neither a registered model (NAME@ALIAS, NAME:V) nor a run in " + ctx.warehouse()));
      runId = ref;
      task = run.getAs("task");
      label = run.getAs("label");
      metric = run.getAs("metric");
      source = "run " + runId;
    }
    if (task != null && !task.equals(p.task().id())) {
      throw Errors.config("search.warm_start", source + " is a " + task + " model; this run's task is "
          + p.task().id() + ": its configurations do not apply");
    }
    List<TrialResult> trials = ctx.tracker().trials(runId);
    boolean sameMetric = p.metric().id().equals(metric);
    boolean samePlan = sameMetric && p.label().name().equals(label) && features != null
        && new HashSet<>(features).equals(new HashSet<>(p.features()));
    String reason = samePlan ? "same task, label, metric and feature columns: earlier trials are prior observations"
        : "the earlier run's " + (!sameMetric ? "metric was " + metric : !p.label().name().equals(label)
            ? "label was " + label : "feature columns differ" + difference(features, p.features()))
            + ": its configurations are starting points only";
    WarmStart w = WarmStart.of(source, runId, trials, Optional.ofNullable(metric).map(m -> metricDirection(m, p))
        .orElse(p.metric().largerIsBetter()), champion, samePlan, reason);
    ctx.progress().phase("warm start from " + source + ": configurations tried first: " + w.seeds().size() + "; "
        + reason);
    return w;
  }

  /** Columns added and dropped since the earlier model ({@code earlier} null: not known). */
  private static String difference(List<String> earlier, List<String> now) {
    if (earlier == null) {
      return " (not recorded for a run id)";
    }
    List<String> added = now.stream().filter(c -> !earlier.contains(c)).toList();
    List<String> gone = earlier.stream().filter(c -> !now.contains(c)).toList();
    return " (added " + added + ", dropped " + gone + ")";
  }

  private static boolean metricDirection(String id, Prepared p) {
    for (sparkwise.evaluation.Metric m : sparkwise.evaluation.Metric.values()) {
      if (m.id().equals(id)) {
        return m.largerIsBetter();
      }
    }
    return p.metric().largerIsBetter();
  }
}
