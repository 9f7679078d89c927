package sparkwise.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import sparkwise.features.DroppedColumn;
import sparkwise.report.Reports;
import sparkwise.TrialResult;

/** The run's summary: the JSON object of CONTRACT.md, built once from the phases' records. */
final class Summaries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Summaries() {}

  static ObjectNode of(RunContext ctx, Prepared p, Searched s, EnsemblePhase.Ranked r, Finalized f,
      String modelPath) {
    ObjectNode out = JSON.createObjectNode();
    out.put("run_id", ctx.runId());
    out.put("task", p.task().id());
    out.put("label", p.label().name());
    out.put("rows", p.label().usableRows());
    if (p.sampledRows() > 0) { // the budget's sample (see the cut): about this many rows were searched and fitted
      out.put("sampled_rows", p.sampledRows());
    }
    out.put("columns", p.profile().columns().size() + 1);
    out.put("metric", p.metric().id());
    putMetrics(out.putObject("holdout"), f.holdout());
    ObjectNode cv = out.putObject("cv");
    number(cv, "mean", f.best().mean());
    number(cv, "std", f.best().std());
    cv.put("folds", f.best().foldMetrics().size());
    out.put("best_model", f.best().candidate().family());
    ArrayNode lb = out.putArray("leaderboard");
    List<TrialResult> ranked = r.ranked();
    for (int i = 0; i < ranked.size(); i++) {
      TrialResult t = ranked.get(i);
      ObjectNode e = lb.addObject();
      e.put("rank", i + 1);
      e.put("model", t.candidate().trialId());
      e.put("family", t.candidate().family());
      try {
        e.set("params", JSON.readTree(t.candidate().paramsJson()));
      } catch (IOException ex) {
        throw new IllegalStateException(ex);
      }
      if (t.bestRounds() > 0) {
        e.put("best_rounds", t.bestRounds()); // the boosting rounds its refit uses (early stopping's)
      }
      number(e, "cv_metric", t.mean());
      number(e, "cv_std", t.std());
      e.put("fit_seconds", t.fitSeconds());
    }
    out.put("trials", s.trials().size());
    // Which engine ran the trials, and how many finished: the task engine's trials per minute.
    ObjectNode engines = out.putObject("trials_by_engine");
    for (var t : s.trials()) {
      ObjectNode e = engines.has(t.engine()) ? (ObjectNode) engines.get(t.engine()) : engines.putObject(t.engine());
      String key = t.status().name().toLowerCase(java.util.Locale.ROOT);
      e.put(key, e.path(key).asInt(0) + 1);
    }
    out.put("wall_seconds", ctx.clock().elapsedSeconds());
    ArrayNode d = out.putArray("dropped_columns");
    for (DroppedColumn c : p.dropped()) {
      d.addObject().put("column", c.column()).put("reason", c.reason());
    }
    out.put("model_path", modelPath);
    out.put("report_path", Reports.pathFor(ctx.warehouse(), ctx.runId()));
    out.put("seed", ctx.cfg().seed());
    out.put("config_hash", ctx.cfg().hash());
    ObjectNode in = out.putObject("input");
    in.put("path", ctx.opts().input().path());
    in.put("format", ctx.opts().input().format());
    if (ctx.opts().input().deltaVersion() == null) {
      in.putNull("delta_version");
    } else {
      in.put("delta_version", ctx.opts().input().deltaVersion());
    }
    out.put("final_fit", f.finalFit());
    if (s.warm() != null) {
      ObjectNode w = out.putObject("warm_start");
      w.put("from", s.warm().source());
      w.put("run_id", s.warm().runId());
      ArrayNode seeds = w.putArray("seeds");
      s.warm().seeds().forEach(c -> seeds.addObject().put("family", c.family()).put("params", c.paramsJson()));
      w.put("priors", s.warm().priors().size());
      w.put("reason", s.warm().reason());
    }
    ObjectNode single = out.putObject("best_single");
    single.put("model", f.bestSingle().candidate().trialId()).put("family", f.bestSingle().candidate().family())
;
    number(single, "cv_metric", f.bestSingle().mean());
    putMetrics(single.putObject("holdout"), f.bestSingleHoldout());
    return out;
  }

  /** A number, or null where there is none (the fallback model has no cross-validated metric). */
  private static void number(ObjectNode into, String key, double v) {
    if (Double.isFinite(v)) {
      into.put(key, v);
    } else {
      into.putNull(key);
    }
  }

  private static void putMetrics(ObjectNode into, Map<String, Double> metrics) {
    metrics.forEach(into::put);
  }
}
