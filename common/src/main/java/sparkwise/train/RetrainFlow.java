package sparkwise.train;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import sparkwise.Comparison;
import sparkwise.Errors;
import sparkwise.Parameter;
import sparkwise.RetrainResult;
import sparkwise.SparkwiseException;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.TrainConfig;
import sparkwise.registry.ModelRef;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;
import sparkwise.tracking.UsageLog;

/**
 * The continuous-training step: a run on new data, warm-started from the alias holder's run
 * (pinned to the version the alias named when the retrain began), registered as the model's next
 * version, measured against the holder on the same holdout rows of the new data; the alias moves
 * only when the candidate wins by the margin and still points at the version it was compared with
 * (one commit). Every decision, a lost race included, is a {@code retrain_decisions} row.
 */
public final class RetrainFlow {
  /** Kept back from the run's budget for the decision's commits (alias move and decision row). */
  static final Duration DECISION_RESERVE = Duration.ofSeconds(3);

  private RetrainFlow() {}

  public static RetrainResult run(SparkSession spark, Dataset<Row> data, TrainConfig cfg, TrainOptions opts,
      String modelRef, Double margin) {
    ModelRef ref = ModelRef.parse(modelRef);
    if (ref.isPath()) {
      throw Errors.config(Parameter.MODEL, "must name a registered model (NAME@ALIAS or NAME:V), got '" + modelRef + "'");
    }
    if (margin != null && ref.alias() == null) {
      throw Errors.config(Parameter.MODEL, "'" + modelRef + "' names no alias to move: give NAME@ALIAS");
    }
    ModelRegistry registry = new ModelRegistry(spark, opts.warehouse());
    ModelVersion holder = registry.resolve(ref).orElseThrow();
    TrainConfig c = cfg.label() == null ? cfg.withLabel(holder.label()) : cfg;
    Duration budget = c.budget().compareTo(DECISION_RESERVE.multipliedBy(4)) > 0
        ? c.budget().minus(DECISION_RESERVE) : c.budget();
    c = c.with(c.search().warmStartingFrom(holder.ref()), budget);
    TrainResult run = TrainFlow.run(spark, data, c, opts.registeringAs(holder.name(), opts.tags())
        .comparingWith(holder.modelPath()));
    Comparison cmp = run.comparison();
    if (cmp == null || run.registeredVersion() == null) { // a resumed run that had completed before
      throw Errors.config(Parameter.RUN_ID, "run " + run.runId() + " had already completed: retrain it with a new run id");
    }
    long candidate = run.registeredVersion();
    String decision = RetrainResult.KEPT;
    String reason;
    double mine = cmp.candidate().getOrDefault(cmp.metric(), Double.NaN);
    double theirs = cmp.other().getOrDefault(cmp.metric(), Double.NaN);
    String versus = String.format(Locale.ROOT, "%s %.4f for %s:%d against %.4f for %s:%d on the same holdout rows",
        cmp.metric(), mine, holder.name(), candidate, theirs, holder.name(), holder.version());
    UsageLog log = new UsageLog(spark, opts.warehouse());
    String id = run.runId() + "-" + UUID.randomUUID().toString().substring(0, 6);
    if (margin == null) {
      reason = versus + "; no promotion margin given, the alias is left alone";
    } else if (!cmp.candidateWinsBy(margin)) {
      reason = versus + String.format(Locale.ROOT, ": not better by more than %s", margin);
    } else {
      try {
        registry.promoteIfStill(holder.name(), candidate, ref.alias(), holder.version());
        decision = RetrainResult.PROMOTED;
        reason = versus + String.format(Locale.ROOT, ": better by more than %s", margin);
      } catch (SparkwiseException lost) {
        log.recordDecision(decision(id, holder, ref.alias(), run.runId(), candidate, cmp, margin,
            RetrainResult.CONFLICT, versus + "; " + Errors.firstLine(lost)));
        throw lost;
      }
    }
    log.recordDecision(decision(id, holder, ref.alias(), run.runId(), candidate, cmp, margin, decision, reason));
    RetrainResult result = new RetrainResult(run, holder.name(), ref.alias(), holder.version(), candidate, cmp,
        margin, decision, reason);
    summarize(run.summary(), result);
    return result;
  }

  private static UsageLog.Decision decision(String id, ModelVersion holder, String alias, String runId, long candidate,
      Comparison cmp, Double margin, String decision, String reason) {
    return new UsageLog.Decision(id, new Timestamp(System.currentTimeMillis()), holder.name(), alias, runId, candidate,
        holder.version(), cmp.metric(), finite(cmp.candidate().get(cmp.metric())),
        finite(cmp.other().get(cmp.metric())), margin, decision, reason);
  }

  private static Double finite(Double d) {
    return d != null && Double.isFinite(d) ? d : null;
  }

  /** The summary's {@code retrain} object: the decision and both models' holdout metrics. */
  private static void summarize(ObjectNode summary, RetrainResult r) {
    ObjectNode o = summary.putObject("retrain");
    o.put("decision", r.decision());
    o.put("reason", r.reason());
    o.put("metric", r.comparison().metric());
    if (r.margin() == null) {
      o.putNull("margin");
    } else {
      o.put("margin", r.margin());
    }
    o.put("alias", r.alias());
    ObjectNode cand = o.putObject("candidate").put("version", r.candidateVersion());
    r.comparison().candidate().forEach(cand.putObject("holdout")::put);
    ObjectNode held = o.putObject("holder").put("version", r.holderVersion());
    r.comparison().other().forEach(held.putObject("holdout")::put);
  }
}
