package sparkwise.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Errors;
import sparkwise.TrainResult;
import sparkwise.Versions;
import sparkwise.features.SchemaGuard;
import sparkwise.monitoring.Baseline;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;
import sparkwise.report.ReportData;
import sparkwise.report.Reports;
import sparkwise.TrialResult;
import sparkwise.data.PausePoints;
import sparkwise.tracking.RunRecord;

/**
 * The save, record and report phases: the model folder (model, summary, profile, evaluation,
 * baseline; complete or absent, see {@link SavedRun}), the leaderboard (written while the model is
 * saved), the registry version, the completed {@code runs} row and the report (written side by
 * side: the report is built from what the run holds, not read back).
 */
final class RecordPhase {
  private static final Logger LOG = LoggerFactory.getLogger(RecordPhase.class);

  private RecordPhase() {}

  /** The records a run makes once its model is saved: the completed {@code runs} row and, if asked for, the registry version. */
  static SavedRun.Finish finishOf(RunContext ctx, RunRecord started, Prepared p, Finalized f, ObjectNode summary,
      String modelPath) {
    RunRecord done = started.completed(new Timestamp(System.currentTimeMillis()), p.task().id(),
        p.label().usableRows(), p.metric().id(), f.best().candidate().family(),
        Double.isFinite(f.best().mean()) ? f.best().mean() : null,
        summary.get("holdout").toString(), modelPath, p.profile().toJson().toString(), null);
    return new SavedRun.Finish(done, ctx.opts().register() == null ? null : draft(ctx, p, f, modelPath, summary));
  }

  /**
   * Saves the model and its files under the staging name, then moves them into place whole; the
   * leaderboard is written meanwhile.
   */
  static void save(RunContext ctx, PipelineModel model, String modelPath, String metric, List<TrialResult> ranked,
      Map<String, String> sidecars, SavedRun.Finish finish) {
    ctx.progress().phase("saving the model to " + modelPath);
    String staging = SavedRun.staging(modelPath);
    CompletableFuture<Void> leaderboard = Background.run("sparkwise-leaderboard",
        () -> ctx.tracker().writeLeaderboard(ctx.runId(), metric, ranked));
    try {
      sparkwise.models.PipelineSaver.save(ctx.spark(), model, staging);
      for (var e : sidecars.entrySet()) {
        SavedRun.write(ctx, new Path(staging, e.getKey()), e.getValue());
      }
      SavedRun.writeFinish(ctx, staging, finish);
    } catch (IOException | RuntimeException e) {
      leaderboard.exceptionally(x -> null).join();
      throw e instanceof sparkwise.SparkwiseException s ? s : Errors.storage(modelPath, "cannot save the model", e);
    }
    Background.await(leaderboard, "writing the leaderboard");
    PausePoints.reach(PausePoints.MODEL_SAVE);
    SavedRun.publish(ctx, modelPath);
  }

  /** The files saved beside the model: summary, profile, holdout evaluation and drift baseline. */
  static Map<String, String> sidecars(ObjectNode summary, Prepared p, Finalized f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Reports.SUMMARY_FILE, summary.toPrettyString());
    m.put(Reports.PROFILE_FILE, p.profile().toJson().toPrettyString());
    m.put(Reports.EVALUATION_FILE, f.evaluation().toPrettyString());
    m.put(Baseline.FILE, f.baseline().toJson());
    return m;
  }

  private static ModelVersion draft(RunContext ctx, Prepared p, Finalized f, String modelPath, ObjectNode summary) {
    var cfg = ctx.cfg();
    var in = ctx.opts().input();
    List<String> inputs = List.of(((SchemaGuard) f.model().stages()[0]).getInputCols());
    return new ModelVersion(ctx.opts().register(), 0, null, null, ctx.runId(), qualified(ctx, modelPath),
        p.task().id(), p.label().name(), p.metric().id(), f.best().mean(), summary.get("holdout").toString(),
        f.best().candidate().family(), f.best().candidate().paramsJson(), inputs, in.path(), in.format(),
        in.deltaVersion(), cfg.hash(), cfg.seed(), Versions.sparkwise(), Versions.spark(), Versions.java(),
        ctx.opts().tags());
  }

  /**
   * Makes a saved run's records: the registry version, then the completed {@code runs} row with
   * the report written meanwhile ({@code report} gives its data from that row, or null to read it
   * back from the tables once the row is written).
   */
  static TrainResult finish(RunContext ctx, SavedRun.Finish finish, ObjectNode summary, PipelineModel model,
      String modelPath, List<TrialResult> ranked, Function<RunRecord, ReportData> report,
      sparkwise.Comparison comparison) {
    Long registered = null;
    if (finish.registration() != null) {
      ModelVersion v = new ModelRegistry(ctx.spark(), ctx.warehouse())
          .register(finish.registration().name(), finish.registration());
      summary.putObject("registered").put("name", v.name()).put("version", v.version());
      registered = v.version();
      ctx.progress().phase("registered as " + v.ref());
      ctx.clock().lap("register");
    }
    complete(ctx, finish.run(), summary, report);
    ctx.clock().writeTo(summary);
    ctx.progress().phase("time spent: " + ctx.clock() + " (budget " + ctx.cfg().budget().toSeconds() + "s)");
    return new TrainResult(ctx.runId(), model, modelPath, ranked, summary, registered, comparison);
  }

  /** The completed {@code runs} row, with the report written on another thread meanwhile. */
  private static void complete(RunContext ctx, RunRecord saved, ObjectNode summary,
      Function<RunRecord, ReportData> report) {
    ObjectNode timing = summary.objectNode();
    ctx.clock().writeTo(timing);
    RunRecord done = saved.finishedAt(new Timestamp(System.currentTimeMillis()), timing.toString());
    ReportData data = report.apply(done);
    CompletableFuture<String> written = data == null ? null
        : CompletableFuture.supplyAsync(() -> Reports.write(ctx.spark(), ctx.warehouse(), ctx.runId(), data));
    PausePoints.reach(PausePoints.RUN_COMMIT);
    ctx.tracker().updateRun(done); // the run's row is there: written at its start, or by the attempt it resumes
    ctx.clock().lap("record");
    try { // the model and tables stand; the report can be written again from them later
      ctx.progress().phase("report: " + (written != null ? written.join()
          : Reports.write(ctx.spark(), ctx.warehouse(), ctx.runId())));
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.warn("Could not write the report of run {}", ctx.runId(), cause);
      ctx.progress().phase("report not written (" + Errors.firstLine(cause) + "); it can be written again for run "
          + ctx.runId());
    }
    ctx.clock().lap("report");
  }

  /** The {@code runs} row's fields as the report reads them. */
  static Map<String, String> fields(RunRecord r) {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "run_id", r.runId());
    put(m, "status", r.status());
    put(m, "started_at", r.startedAt());
    put(m, "ended_at", r.endedAt());
    put(m, "task", r.task());
    put(m, "label", r.label());
    put(m, "seed", r.seed());
    put(m, "config_json", r.configJson());
    put(m, "config_hash", r.configHash());
    put(m, "input_path", r.inputPath());
    put(m, "input_format", r.inputFormat());
    put(m, "input_delta_version", r.inputDeltaVersion());
    put(m, "rows", r.rows());
    put(m, "metric", r.metric());
    put(m, "best_model", r.bestModel());
    put(m, "cv_mean", r.cvMean());
    put(m, "holdout_json", r.holdoutJson());
    put(m, "model_path", r.modelPath());
    put(m, "sparkwise_version", r.sparkwiseVersion());
    put(m, "spark_version", r.sparkVersion());
    put(m, "java_version", r.javaVersion());
    put(m, "input_fingerprint", r.inputFingerprint());
    if (r.startedAt() != null) {
      m.put("started_at_millis", String.valueOf(r.startedAt().getTime()));
    }
    return m;
  }

  private static void put(Map<String, String> m, String k, Object v) {
    if (v != null) {
      m.put(k, v.toString());
    }
  }

  /** A model path that still works from another working directory or machine. */
  private static String qualified(RunContext ctx, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw Errors.storage(path, "cannot resolve the model path", e);
    }
  }
}
