package sparkwise.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Errors;
import sparkwise.Parameter;
import sparkwise.TrainResult;
import sparkwise.Versions;
import sparkwise.models.SavedModel;
import sparkwise.registry.ModelRef;
import sparkwise.TrialResult;
import sparkwise.tracking.RunRecord;
import sparkwise.tracking.Tables;

/**
 * The prepare phase: a new run is checked (its id and model folder are free) and its first
 * {@code runs} row is appended on its own thread while the profile runs; a resumed run is checked
 * against the run it continues, gets back its finished trials and the budget its attempts used.
 */
final class RunStart {
  private static final Logger LOG = LoggerFactory.getLogger(RunStart.class);

  /** A run under way: its record, the trials an earlier attempt finished, its first write. */
  record Started(RunRecord record, List<TrialResult> finished, String modelPath, CompletableFuture<Void> recorded,
      Optional<SavedRun.Finish> saved) {
    /** Waits for the run's first record; its failure (e.g. an unwritable warehouse) is the run's. */
    void awaitRecorded() {
      Background.await(recorded, "recording the run");
    }
  }

  private RunStart() {}

  /** The run's start, or the saved result of a resumed run that had already completed. */
  static Optional<TrainResult> completedBefore(RunContext ctx) {
    if (!ctx.opts().resume()) {
      return Optional.empty();
    }
    return ctx.tracker().run(ctx.runId()).filter(prior -> "completed".equals(prior.getAs("status")))
        .map(prior -> completed(ctx, prior));
  }

  /** What every run needs before anything is read or written. */
  static void check(RunContext ctx) {
    if (ctx.cfg().label() == null) {
      throw Errors.config(Parameter.LABEL, "is required: name the label column (or set label: in the config)");
    }
    if (ctx.opts().register() != null) {
      ModelRef.requireName(Parameter.REGISTER, ctx.opts().register());
    }
  }

  static Started begin(RunContext ctx) {
    String runId = ctx.runId();
    String modelPath = new Path(ctx.warehouse(), "models/" + runId).toString();
    Timestamp startedAt = new Timestamp(ctx.clock().startMillis());
    List<TrialResult> finished = List.of();
    Optional<SavedRun.Finish> saved = Optional.empty();
    // An attempt killed before its first record (written while the profile runs) left nothing to
    // resume: the run starts, so that a scheduler's retry that resumes it does not fail forever.
    Optional<Row> recorded = ctx.opts().resume() ? ctx.tracker().run(runId) : Optional.empty();
    if (ctx.opts().resume() && recorded.isEmpty()) {
      ctx.progress().phase("run " + runId + " has no recorded attempt in " + ctx.tracker().tablePath(Tables.RUNS)
          + "; starting it");
    }
    boolean resuming = recorded.isPresent();
    if (resuming) {
      Row prior = recorded.get();
      ResumeCheck.requireSameRun(runId, prior, ctx.cfg(), ctx.opts().input());
      finished = ctx.tracker().trials(runId);
      startedAt = prior.getAs("started_at");
      long used = finished.stream().mapToLong(TrialResult::endedAtMillis).max().orElse(startedAt.getTime())
          - startedAt.getTime();
      ctx.clock().resumedAfter(used);
      saved = SavedRun.saved(ctx, modelPath);
      SavedRun.removePartial(ctx, modelPath, saved.isEmpty());
      ctx.progress().phase(saved.isPresent()
          ? "resuming run " + runId + ": its model was saved before the interruption; recording it"
          : String.format("resuming run %s: %d trials already done, %ds of the budget used", runId, finished.size(),
              used / 1000));
    } else {
      if (ctx.opts().runId() != null && !ctx.opts().resume()) {
        ctx.tracker().run(runId).ifPresent(r -> {
          throw Errors.config(Parameter.RUN_ID, "run '" + runId + "' already exists (status " + r.getAs("status")
              + "); resume run " + runId + " or choose another run id");
        });
      }
      requireNewModelPath(ctx, modelPath);
    }
    RunRecord record = new RunRecord(runId, "running", startedAt, null, null, ctx.cfg().label(), ctx.cfg().seed(),
        ctx.cfg().toJson(), ctx.cfg().hash(), ctx.opts().input().path(), ctx.opts().input().format(),
        ctx.opts().input().deltaVersion(), null, null, null, null, null, null, null, null, Versions.sparkwise(),
        Versions.spark(), Versions.java(), ctx.opts().input().fingerprint(), null);
    if (resuming) {
      ctx.tracker().upsertRun(record);
      return new Started(record, finished, modelPath, CompletableFuture.completedFuture(null), saved);
    }
    // Written while the profile runs: a fresh JVM's first Delta commit takes seconds.
    return new Started(record, finished, modelPath,
        Background.run("sparkwise-run-record", () -> ctx.tracker().insertNewRun(record)), saved);
  }

  /** A resumed run whose model an earlier attempt saved whole: its remaining records, nothing trained again. */
  static TrainResult finishSaved(RunContext ctx, Started started) {
    String path = started.modelPath();
    SavedModel m = SavedModel.load(path);
    ObjectNode summary = summary(m, path);
    return RecordPhase.finish(ctx, started.saved().orElseThrow(), summary, m.pipeline(), path, List.of(), done -> null,
        null);
  }

  /** Records the run as failed with the error's first line; a failure to record is only logged. */
  static void fail(RunContext ctx, Started started, Exception e) {
    try {
      started.awaitRecorded();
      ctx.tracker().upsertRun(started.record().failed(new Timestamp(System.currentTimeMillis()), Errors.firstLine(e)));
    } catch (RuntimeException again) {
      LOG.warn("Could not record the failure of run {}", ctx.runId(), again);
    }
  }

  /** A resumed run that had already completed: its saved result, nothing rerun. */
  private static TrainResult completed(RunContext ctx, Row prior) {
    String path = prior.getAs("model_path");
    ctx.progress().phase("run " + ctx.runId() + " already completed; nothing to resume");
    SavedModel m = SavedModel.load(path);
    return new TrainResult(ctx.runId(), m.pipeline(), path, List.of(), summary(m, path));
  }

  private static ObjectNode summary(SavedModel m, String path) {
    try {
      return (ObjectNode) new ObjectMapper().readTree(m.sidecar("sparkwise-summary.json")
          .orElseThrow(() -> Errors.data(path, "has no sparkwise-summary.json")));
    } catch (IOException e) {
      throw Errors.data(path + "/sparkwise-summary.json", "is not valid JSON");
    }
  }

  private static void requireNewModelPath(RunContext ctx, String modelPath) {
    try {
      Path p = new Path(modelPath);
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      if (fs.exists(p)) {
        throw Errors.config(Parameter.RUN_ID, "run '" + ctx.runId() + "' already has a model at " + modelPath
            + "; choose another run id");
      }
    } catch (IOException e) {
      throw Errors.storage(modelPath, "cannot check the model path", e);
    }
  }
}
