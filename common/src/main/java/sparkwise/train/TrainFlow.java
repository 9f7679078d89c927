package sparkwise.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.TrainConfig;
import sparkwise.data.Interpreted;
import sparkwise.data.Partitions;
import sparkwise.data.SessionSettings;
import sparkwise.data.Splitter;
import sparkwise.features.LabelIndex;
import sparkwise.report.ReportData;
import sparkwise.tracking.DeltaTracker;
import sparkwise.tracking.TrialWriter;

/**
 * One {@code train} run as a short list of phases on one clock (DESIGN.md, "Time"): prepare →
 * profile → plan and search → ensemble → finalize (refit, evaluate, final fit, baseline) → save →
 * register → record and report. Each phase takes and returns typed records; the budget runs from
 * the clock's start to the summary.
 */
public final class TrainFlow {
  private final RunContext ctx;
  /** Queries run interpreted while the table is small: decided from the input's size, then from its profile. */
  private final Interpreted interpreted;

  private TrainFlow(RunContext ctx, Interpreted interpreted) {
    this.ctx = ctx;
    this.interpreted = interpreted;
  }

  public static TrainResult run(SparkSession spark, Dataset<Row> raw, TrainConfig cfg, TrainOptions opts) {
    long start = opts.startedAtMillis() != null ? opts.startedAtMillis() : System.currentTimeMillis();
    String runId = opts.runId() != null ? opts.runId() : newRunId();
    RunClock clock = new RunClock(start, cfg.budget().toMillis());
    try (Interpreted small = Interpreted.whenSmall(raw);
        SessionSettings plans = SessionSettings.hold(spark, SessionSettings.NO_CONSTRAINT_PROPAGATION)) {
      return new TrainFlow(new RunContext(spark, cfg, opts, runId, new DeltaTracker(spark, opts.warehouse()), clock),
          small).run(raw);
    }
  }

  static String newRunId() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  private TrainResult run(Dataset<Row> raw) {
    RunStart.check(ctx);
    var done = RunStart.completedBefore(ctx);
    if (done.isPresent()) {
      return done.get();
    }
    RunStart.Started started = RunStart.begin(ctx);
    if (started.saved().isPresent()) {
      ctx.clock().lap("start");
      return RunStart.finishSaved(ctx, started);
    }
    Dataset<Row> input = raw;
    try {
      input = InputCache.parsedOnce(ctx, raw);
      ctx.clock().lap("start"); // the run's start reads its input; the profile then reads what was kept
      return train(input, started);
    } catch (Exception e) { // also Spark's undeclared checked exceptions: the run is recorded as failed
      RunStart.fail(ctx, started, e);
      throw e;
    } finally {
      if (input != raw) {
        input.unpersist();
      }
      ctx.spark().sparkContext().clearJobGroup();
    }
  }

  private TrainResult train(Dataset<Row> input, RunStart.Started started) {
    Prepared p = RowBudget.apply(ctx, ProfilePhase.run(ctx, input));
    boolean fewCells = Interpreted.smallCells(p.rows(), p.features().size());
    if (!fewCells) {
      interpreted.close(); // a compressed file that looked small: generated code from here on
    }
    // The run's first row is awaited by the first trial's commit and after the search, not here:
    // a fresh JVM's first Delta commit outlasts a small table's profile by up to a second.
    ctx.clock().lap("profile");
    // A file too large to start interpreted whose columns the profile mostly dropped, leaving few
    // cells (a wide table's screen): interpreted from here. 500 x 5,000 screened to 240 at 60 s:
    // 5 trials -> 40. Not every file that started with generated code: house_16H's gzip CSV (22k
    // rows x 16) is measured in budget.md with it.
    try (Interpreted narrowed = Interpreted.when(ctx.spark(),
        fewCells && p.narrowed() && !Interpreted.isOn(ctx.spark()))) {
      return searchAndFinish(p, started);
    }
  }

  private TrainResult searchAndFinish(Prepared p, RunStart.Started started) {
    // The split's window leaves several partitions even for 1,000 rows: regrouped (Partitions).
    Dataset<Row> split = Partitions.fewer(Splitter.split(p.labelled(), LabelIndex.COLUMN, p.task().isClassification(),
        ctx.cfg().split(), ctx.cfg().seed()), p.rows()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Searched s;
      EnsemblePhase.Ranked r;
      Finalized f;
      // The trials' last commits (1-4 s after a search cut off) run beside the ensemble and the
      // refits; closing the writer waits for them before the run is recorded, and keeps the
      // trials that ended before a failure. connect-4 at 60 s had waited 3.9 s for two.
      try (TrialWriter trials = SearchPhase.trialWriter(ctx, p, started)) {
        s = SearchPhase.run(ctx, p, split, started, trials);
        started.awaitRecorded();
        if (Fallback.applies(s)) {
          s = Fallback.constantModel(ctx, p, s);
        } else if (s.ranked().isEmpty()) {
          trials.flush(); // a failed trial commit is the error to report, not the missing model it caused
          throw NoModel.error(s.trials());
        }
        r = EnsemblePhase.run(ctx, p, s, afterEnsemble(p, s));
        if (s.oof() != null) {
          ctx.clock().lap("ensemble");
        }
        f = FinalizePhase.run(ctx, p, s, r, split);
      }
      String modelPath = started.modelPath();
      ObjectNode summary = Summaries.of(ctx, p, s, r, f, modelPath);
      ctx.clock().writeTo(summary); // the model folder's copy ends here; the returned summary adds the rest
      SavedRun.Finish finish = RecordPhase.finishOf(ctx, started.record(), p, f, summary, modelPath);
      RecordPhase.save(ctx, f.model(), modelPath, p.metric().id(), r.ranked(), RecordPhase.sidecars(summary, p, f),
          finish);
      ctx.clock().lap("save");
      var trials = s.trials();
      TrainResult result = RecordPhase.finish(ctx, finish, summary, f.model(), modelPath, r.ranked(),
          done -> new ReportData(summary, p.profile().toJson(), f.evaluation(), trials, RecordPhase.fields(done)),
          f.comparison());
      if (s.oof() != null) {
        s.oof().deleteAll();
      }
      return result;
    } finally {
      split.unpersist();
    }
  }

  /** Seconds the phases after the ensemble need, the best trial's refit included. */
  private double afterEnsemble(Prepared p, Searched s) {
    long rows = p.rows();
    long holdout = Math.round(rows * ctx.cfg().split().holdoutFraction());
    var best = s.ranked().get(0);
    double refit = PhaseEstimates.modelFit(PhaseEstimates.fitPerFold(best),
        s.foldTrainRows(), rows - holdout);
    return refit + PhaseEstimates.afterSearch(rows, holdout, p.features().size(), ctx.quickStorage());
  }
}
