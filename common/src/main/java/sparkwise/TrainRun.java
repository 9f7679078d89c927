package sparkwise;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.ml.util.Identifiable;
import sparkwise.config.TrainConfig;
import sparkwise.ensemble.EnsembleFitter;
import sparkwise.evaluation.FeatureImportance;
import sparkwise.evaluation.HoldoutDiagnostics;
import sparkwise.monitoring.TrainingDriftFilter;
import sparkwise.report.Reports;
import sparkwise.ensemble.EnsembleModel;
import sparkwise.ensemble.Ensembler;
import sparkwise.ensemble.Ensembles;
import sparkwise.ensemble.OofStore;
import sparkwise.data.Splitter;
import sparkwise.evaluation.HoldoutEvaluation;
import sparkwise.evaluation.Metric;
import sparkwise.features.Cleaning;
import sparkwise.features.DroppedColumn;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.Profiler;
import sparkwise.features.SanityChecks;
import sparkwise.features.SchemaGuard;
import sparkwise.features.TaskDetector;
import sparkwise.models.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.models.SavedModel;
import sparkwise.monitoring.Baseline;
import sparkwise.monitoring.Histograms;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;
import sparkwise.search.Deadline;
import sparkwise.search.Strategies;
import sparkwise.search.SearchRunner;
import sparkwise.search.SearchStrategy;
import sparkwise.search.TrialResult;
import sparkwise.tracking.DeltaTracker;
import sparkwise.tracking.RunRecord;
import sparkwise.tracking.TrialWriter;

/** One {@code train} run, start to finish: the flow of DESIGN.md. */
final class TrainRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);
  static final String LABEL_INDEX = LabelIndex.COLUMN;

  private final SparkSession spark;
  private final TrainConfig cfg;
  private final TrainOptions opts;
  private final String runId;
  private final DeltaTracker tracker;
  /** When the budget started: now, or for a resumed run now minus what earlier attempts used. */
  private long start = System.currentTimeMillis();
  private List<TrialResult> finished = List.of();
  private RunRecord record;
  private final PhaseClock clock = new PhaseClock();
  /** The first "running" record, written in the background; done before anything else is written. */
  private java.util.concurrent.CompletableFuture<Void> started = java.util.concurrent.CompletableFuture.completedFuture(null);

  TrainRun(SparkSession spark, TrainConfig cfg, TrainOptions opts) {
    this.spark = spark;
    this.cfg = cfg;
    this.opts = opts;
    this.runId = opts.runId() != null ? opts.runId() : newRunId();
    this.tracker = new DeltaTracker(spark, opts.warehouse());
  }

  /** Runs {@code write} on its own thread, started here so it inherits no trial's job group. */
  private static java.util.concurrent.CompletableFuture<Void> inBackground(String name, Runnable write) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        write.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return done;
  }

  /** Waits for the run's first record; its failure (e.g. an unwritable warehouse) is the run's. */
  private void awaitStarted() {
    try {
      started.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw Errors.internal("recording the run", e.getCause());
    }
  }

  static String newRunId() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  TrainResult run(Dataset<Row> raw) {
    if (cfg.label() == null) {
      throw Errors.config("label", "is required: pass --label COLUMN or set label: in the config");
    }
    String modelPath = new Path(opts.warehouse(), "models/" + runId).toString();
    if (opts.register() != null) {
      sparkwise.registry.ModelRef.requireName("--register", opts.register());
    }
    Timestamp startedAt = new Timestamp(start);
    if (opts.resume()) {
      Row prior = tracker.run(runId).orElseThrow(() -> Errors.config("--resume",
          "no run '" + runId + "' in " + tracker.tablePath(sparkwise.tracking.Tables.RUNS)));
      if ("completed".equals(prior.getAs("status"))) {
        return completed(prior);
      }
      ResumeCheck.requireSameRun(runId, prior, cfg, opts.input());
      finished = tracker.trials(runId);
      startedAt = prior.getAs("started_at");
      long used = finished.stream().mapToLong(TrialResult::endedAtMillis).max().orElse(startedAt.getTime())
          - startedAt.getTime();
      start = System.currentTimeMillis() - Math.max(0, used);
      removePartialModel(modelPath);
      opts.progress().phase(String.format("resuming run %s: %d trials already done, %ds of the budget used",
          runId, finished.size(), used / 1000));
    } else {
      if (opts.runId() != null) {
        tracker.run(runId).ifPresent(r -> {
          throw Errors.config("--run-id", "run '" + runId + "' already exists (status " + r.getAs("status")
              + "); continue it with --resume " + runId + " or choose another run id");
        });
      }
      requireNewModelPath(modelPath);
    }
    record = new RunRecord(runId, "running", startedAt, null, null, cfg.label(), cfg.seed(),
        cfg.toJson(), cfg.hash(), opts.input().path(), opts.input().format(), opts.input().deltaVersion(),
        null, null, null, null, null, null, null, null, Versions.sparkwise(), Versions.spark(), Versions.java(),
        opts.input().fingerprint());
    if (opts.resume()) {
      tracker.upsertRun(record);
    } else { // written while the profile runs: a fresh JVM's first Delta commit takes seconds
      started = inBackground("sparkwise-run-record", () -> tracker.insertNewRun(record));
    }
    clock.lap("start");
    Dataset<Row> input = raw;
    try {
      input = parsedOnce(raw);
      return train(input, modelPath);
    } catch (Exception e) { // also Spark's undeclared checked exceptions: the run is recorded as failed
      fail(e);
      throw e;
    } finally {
      if (input != raw) {
        input.unpersist();
      }
      spark.sparkContext().clearJobGroup();
    }
  }

  private TrainResult train(Dataset<Row> raw, String modelPath) {
    opts.progress().phase("profiling " + opts.input().path());
    int folds = cfg.split().mode().equals("kfold") ? cfg.split().folds() : 2;
    LabelInfo label = readLabel(raw, folds);
    Task task = label.task();
    Metric metric = Metric.resolve(cfg.metric(), task);
    Dataset<Row> labelled = LabelIndex.add(raw, label.name(), task, label.classes());
    List<String> candidates = new ArrayList<>();
    for (String c : raw.columns()) {
      if (!c.equals(label.name())) {
        candidates.add(c);
      }
    }
    Profile profile = Profiler.profile(labelled, candidates, LABEL_INDEX);
    List<DroppedColumn> dropped = new ArrayList<>(SanityChecks.check(profile, cfg.features()));
    List<String> features = new ArrayList<>(candidates);
    dropped.forEach(d -> features.remove(d.column()));
    if (cfg.features().scoreSample() != null) {
      opts.progress().phase("comparing the features with the score sample " + cfg.features().scoreSample());
      Dataset<Row> sample = sparkwise.data.DataSource.read(spark,
          sparkwise.data.TableRef.parse("features.score_sample", cfg.features().scoreSample())).data();
      List<DroppedColumn> drifted = TrainingDriftFilter.check(labelled, sample, profile, features, label,
          cfg.features());
      dropped.addAll(drifted);
      drifted.forEach(d -> features.remove(d.column()));
    }
    if (features.isEmpty()) {
      throw Errors.data("input table", "no usable feature column is left after the checks: " + dropped);
    }
    for (DroppedColumn d : dropped) {
      opts.progress().phase("dropping column '" + d.column() + "': " + d.reason());
    }
    opts.progress().phase(String.format("task %s, label '%s', %d rows (%d with a null label dropped), %d features, metric %s",
        task.id(), label.name(), label.usableRows(), label.nullRows(), features.size(), metric.id()));
    awaitStarted();
    clock.lap("profile");

    Dataset<Row> split = Splitter.split(labelled, LABEL_INDEX, task.isClassification(), cfg.split(), cfg.seed())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return searchAndFit(split, label, task, metric, profile, features, dropped, modelPath);
    } finally {
      split.unpersist();
    }
  }

  /**
   * Text inputs (CSV, JSON) are parsed once and kept (memory, then disk): the profile, the checks
   * and the split each read the input, and every pass over a gzip file would decompress and parse
   * it again on one core. Fewer partitions than cores (one per gzip file) are spread out first.
   */
  private Dataset<Row> parsedOnce(Dataset<Row> raw) {
    String format = opts.input().format();
    if (!"csv".equals(format) && !"json".equals(format)) {
      return raw;
    }
    int cores = spark.sparkContext().defaultParallelism();
    Dataset<Row> spread = raw.javaRDD().getNumPartitions() < cores ? raw.repartition(cores) : raw;
    return spread.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The first Spark job over the input: a failure here means the input cannot be read. */
  private LabelInfo readLabel(Dataset<Row> raw, int folds) {
    try {
      return TaskDetector.detect(raw, cfg.label(), cfg.task(), folds);
    } catch (SparkwiseException e) {
      throw e;
    } catch (Exception e) {
      throw Errors.unreadableInput(opts.input().path(), opts.input().format(), e);
    }
  }

  private TrainResult searchAndFit(Dataset<Row> split, LabelInfo label, Task task, Metric metric, Profile profile,
      List<String> features, List<DroppedColumn> dropped, String modelPath) {
    List<ModelFamily> families = ModelCatalog.select(task, cfg.models().include(), cfg.models().exclude());
    Map<FeatureVariant, FeaturePlan> plans = new EnumMap<>(FeatureVariant.class);
    for (ModelFamily f : families) {
      plans.computeIfAbsent(f.variant(),
          v -> FeaturePlanner.plan(profile, features, label, LABEL_INDEX, v, cfg.features()));
    }
    Deadline deadline = Deadline.of(start, cfg.budget());
    int k = Splitter.validationFolds(cfg.split()).length;
    long foldTrainRows = Math.round(label.usableRows() * (1 - cfg.split().holdoutFraction()) * (k > 1 ? (k - 1.0) / k : 1 - cfg.split().validationFraction()));
    SearchStrategy strategy = Strategies.of(cfg.search().strategy(), families, task, cfg.seed(), metric.largerIsBetter(),
        foldTrainRows);
    SearchRunner runner = new SearchRunner(spark, new SearchRunner.Settings(task, metric, LABEL_INDEX,
        Splitter.validationFolds(cfg.split()), cfg.search().parallelism(), cfg.search().maxTrials(), cfg.seed(), deadline,
        cfg.split().timeOrdered()),
        plans, families);
    OofStore oof = cfg.ensemble().enabled() ? new OofStore(spark, opts.warehouse(), runId, LABEL_INDEX) : null;
    if (oof != null) {
      runner.keepingPredictions(oof);
    }
    opts.progress().phase("searching " + families.stream().map(ModelFamily::name).toList() + " with "
        + strategy.name() + " search, budget " + cfg.budget().toSeconds() + "s");
    Dataset<Row> searchRows = split.filter(col(Splitter.HOLDOUT).equalTo(false));
    List<TrialResult> trials;
    // Closing the writer waits for its last commits, also when the search failed: the trials
    // that ended before a failure are kept.
    try (TrialWriter writer = new TrialWriter(spark, tracker, runId, metric.id())) {
      trials = runner.run(searchRows, strategy, (r, done, best) -> {
        double elapsed = (System.currentTimeMillis() - start) / 1000.0;
        Progress.TrialEvent event = new Progress.TrialEvent(r.candidate().trialId(), r.candidate().family(),
            r.status().name().toLowerCase(java.util.Locale.ROOT), metric.id(), r.mean(), r.std(),
            (r.endedAtMillis() - r.startedAtMillis()) / 1000.0, r.error(), done, cfg.search().maxTrials(),
            best == null ? null : best.candidate().family(), best == null ? Double.NaN : best.mean(), elapsed,
            cfg.budget().toSeconds() - elapsed);
        writer.add(r, () -> opts.progress().trial(event));
      }, finished);
    }
    clock.lap("search");
    List<TrialResult> ranked = new ArrayList<>(trials.stream().filter(TrialResult::eligible).toList());
    Comparator<TrialResult> byMetric = Comparator.comparingDouble(TrialResult::mean);
    ranked.sort(metric.largerIsBetter() ? byMetric.reversed() : byMetric);
    if (ranked.isEmpty()) {
      String first = trials.stream().map(TrialResult::error).filter(java.util.Objects::nonNull).findFirst().orElse("none ran");
      throw Errors.internal("search", new IllegalStateException(
          "no trial succeeded within the budget; the first error was: " + first));
    }
    Map<Integer, Ensembler.Result> ensembles = oof == null ? Map.of()
        : ensembles(oof, ranked, task, metric, deadline);
    ensembles.forEach((seq, e) -> ranked.add(Ensembles.asTrial(seq, e)));
    if (oof != null) {
      clock.lap("ensemble");
    }
    ranked.sort(metric.largerIsBetter() ? byMetric.reversed() : byMetric);
    TrialResult best = ranked.get(0);
    Dataset<Row> trainRows = split.filter(col(Splitter.HOLDOUT).equalTo(false));
    Dataset<Row> holdoutRows = split.filter(col(Splitter.HOLDOUT).equalTo(true));
    PipelineModel model = ensembles.containsKey(best.candidate().seq())
        ? fitEnsemble(ensembles.get(best.candidate().seq()), plans, trainRows, label, task)
        : fitSingle(best, plans, trainRows, label, task);
    clock.lap("refit");
    Dataset<Row> predictions = model.transform(holdoutRows).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Double> holdout;
    ObjectNode evaluation;
    try {
      holdout = HoldoutEvaluation.evaluateCached(predictions, LABEL_INDEX, task);
      evaluation = diagnostics(predictions, model, holdoutRows, label, task);
    } finally {
      predictions.unpersist();
    }
    TrialResult bestSingle = ranked.stream().filter(t -> !Ensembles.isEnsemble(t)).findFirst().orElseThrow();
    Map<String, Double> bestSingleHoldout = bestSingle == best ? holdout
        : bestSingleHoldout(model, bestSingle, plans, trainRows, holdoutRows, label, task);
    clock.lap("evaluate");

    SchemaGuard guard = (SchemaGuard) model.stages()[0];
    Baseline baseline = Histograms.baseline(guard.transform(split), guard, profile);
    clock.lap("baseline");

    opts.progress().phase("saving the model to " + modelPath);
    try {
      model.write().save(modelPath);
    } catch (IOException | RuntimeException e) {
      throw Errors.storage(modelPath, "cannot save the model", e);
    }
    tracker.writeLeaderboard(runId, metric.id(), ranked);
    clock.lap("save");

    ObjectNode summary = summary(label, task, metric, profile, dropped, holdout, best, ranked, trials, modelPath);
    ObjectNode single = summary.putObject("best_single");
    single.put("model", bestSingle.candidate().trialId()).put("family", bestSingle.candidate().family())
        .put("cv_metric", bestSingle.mean());
    bestSingleHoldout.forEach(single.putObject("holdout")::put);
    if (opts.register() != null) {
      ModelVersion v = register(model, modelPath, label, task, metric, best, summary);
      summary.putObject("registered").put("name", v.name()).put("version", v.version());
      opts.progress().phase("registered as " + v.ref());
      clock.lap("register");
    }
    clock.writeTo(summary); // the model folder's copy ends here; the returned summary adds the rest below
    writeSidecar(modelPath, Reports.SUMMARY_FILE, summary.toPrettyString());
    writeSidecar(modelPath, Reports.PROFILE_FILE, profile.toJson().toPrettyString());
    writeSidecar(modelPath, Reports.EVALUATION_FILE, evaluation.toPrettyString());
    writeSidecar(modelPath, Baseline.FILE, baseline.toJson());
    record = new RunRecord(runId, "completed", record.startedAt(), new Timestamp(System.currentTimeMillis()),
        task.id(), label.name(), cfg.seed(), record.configJson(), record.configHash(), record.inputPath(),
        record.inputFormat(), record.inputDeltaVersion(), label.usableRows(), metric.id(),
        best.candidate().family(), best.mean(), summary.get("holdout").toString(), modelPath,
        profile.toJson().toString(), null, record.sparkwiseVersion(), record.sparkVersion(), record.javaVersion(),
        record.inputFingerprint());
    tracker.upsertRun(record);
    if (oof != null) {
      oof.deleteAll();
    }
    clock.lap("record");
    try {
      opts.progress().phase("report: " + Reports.write(spark, opts.warehouse(), runId));
    } catch (RuntimeException e) { // the model and tables stand; `report --run` can write it later
      LOG.warn("Could not write the report of run {}", runId, e);
      opts.progress().phase("report not written (" + Errors.firstLine(e) + "); retry with `report --run "
          + runId + "`");
    }
    clock.lap("report");
    clock.writeTo(summary);
    opts.progress().phase("time spent: " + clock);
    return new TrainResult(runId, model, modelPath, ranked, summary);
  }

  /** Ensembles of the best trials, keyed by their leaderboard numbers; none if building them fails. */
  private Map<Integer, Ensembler.Result> ensembles(OofStore oof, List<TrialResult> ranked, Task task, Metric metric,
      Deadline deadline) {
    if (ranked.size() < 2) {
      return Map.of();
    }
    opts.progress().phase("ensembling the best trials (" + cfg.ensemble().method() + ", up to "
        + cfg.ensemble().maxMembers() + " members) on their out-of-fold predictions");
    long budgetEnd = start + cfg.budget().toMillis();
    try {
      List<Ensembler.Result> built = new Ensembler(oof, new Ensembler.Settings(task, metric, cfg.ensemble().method(),
          cfg.ensemble().maxMembers(), Splitter.validationFolds(cfg.split()),
          Math.max(deadline.hardEndMillis() + 10_000, budgetEnd))).build(ranked);
      Map<Integer, Ensembler.Result> out = new java.util.LinkedHashMap<>();
      for (int i = 0; i < built.size(); i++) {
        Ensembler.Result e = built.get(i);
        out.put(sparkwise.search.Candidate.ENSEMBLE_BASE + i, e);
        opts.progress().trial(String.format("%s of %s: %s=%.4f (±%.4f)", e.family(),
            e.members().stream().map(t -> t.candidate().trialId()).toList(), metric.id(), e.mean(), e.std()));
      }
      return out;
    } catch (Exception e) { // an ensemble is an extra: the best single model still stands
      LOG.warn("Ensembling failed; keeping the single models", e);
      opts.progress().phase("ensembles skipped: " + Errors.firstLine(e));
      return Map.of();
    }
  }

  private PipelineModel fitSingle(TrialResult best, Map<FeatureVariant, FeaturePlan> plans, Dataset<Row> trainRows,
      LabelInfo label, Task task) {
    ModelFamily bestFamily = ModelCatalog.get(best.candidate().family());
    FeaturePlan plan = plans.get(bestFamily.variant());
    opts.progress().phase("refitting " + best.candidate().family() + " " + best.candidate().paramsJson()
        + " on all training rows");
    List<PipelineStage> stages = new ArrayList<>(plan.stages());
    stages.add(bestFamily.estimator(task, best.candidate().params(),
        new ModelFamily.EstimatorContext(plan.featuresCol(), LABEL_INDEX, cfg.seed(), plan.maxCategories())));
    if (task.isClassification()) {
      stages.add(labelDecoder(label));
    }
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(trainRows);
  }

  /** What the report plots about the holdout; feature importance is left out if it cannot be read. */
  private ObjectNode diagnostics(Dataset<Row> predictions, PipelineModel model, Dataset<Row> holdoutRows,
      LabelInfo label, Task task) {
    ObjectNode out = HoldoutDiagnostics.of(predictions, LABEL_INDEX, task, label.classes(), cfg.seed());
    try {
      FeatureImportance.of(model, holdoutRows).ifPresent(fi -> out.set("feature_importance", fi));
    } catch (RuntimeException e) {
      LOG.warn("Feature importance not available for run {}", runId, e);
    }
    return out;
  }

  /**
   * The best single model's holdout metrics when an ensemble won: the member already refitted inside
   * the ensemble when it is one (the usual case), else a refit of its own.
   */
  private Map<String, Double> bestSingleHoldout(PipelineModel chosen, TrialResult single,
      Map<FeatureVariant, FeaturePlan> plans, Dataset<Row> trainRows, Dataset<Row> holdoutRows, LabelInfo label,
      Task task) {
    EnsembleModel ensemble = (EnsembleModel) chosen.stages()[1];
    String name = single.candidate().trialId() + " " + single.candidate().family();
    int j = Arrays.asList(ensemble.getMemberNames()).indexOf(name);
    PipelineModel alone = j >= 0
        ? new PipelineModel(Identifiable.randomUID("pipeline"),
            new org.apache.spark.ml.Transformer[] {chosen.stages()[0], ensemble.member(j)})
        : fitSingle(single, plans, trainRows, label, task);
    return HoldoutEvaluation.evaluate(alone.transform(holdoutRows), LABEL_INDEX, task);
  }

  private PipelineModel fitEnsemble(Ensembler.Result e, Map<FeatureVariant, FeaturePlan> plans,
      Dataset<Row> trainRows, LabelInfo label, Task task) {
    opts.progress().phase("refitting " + e.family() + " of " + e.members().stream()
        .map(t -> t.candidate().trialId() + " " + t.candidate().family()).toList() + " on all training rows");
    EnsembleFitter.Fitted f = EnsembleFitter.fit(e, plans, trainRows, task, LABEL_INDEX, cfg.seed());
    List<org.apache.spark.ml.Transformer> stages = new ArrayList<>(List.of(f.guard(), f.ensemble()));
    if (task.isClassification()) {
      stages.add(labelDecoder(label));
    }
    return new PipelineModel(Identifiable.randomUID("pipeline"),
        stages.toArray(org.apache.spark.ml.Transformer[]::new));
  }

  private static IndexToString labelDecoder(LabelInfo label) {
    return new IndexToString().setInputCol("prediction").setOutputCol(SavedModel.PREDICTED_LABEL)
        .setLabels(label.classes().toArray(String[]::new));
  }

  private ModelVersion register(PipelineModel model, String modelPath, LabelInfo label, Task task, Metric metric,
      TrialResult best, ObjectNode summary) {
    List<String> inputs = List.of(((SchemaGuard) model.stages()[0]).getInputCols());
    ModelVersion draft = new ModelVersion(opts.register(), 0, null, null, runId, qualified(modelPath), task.id(),
        label.name(),
        metric.id(), best.mean(), summary.get("holdout").toString(), best.candidate().family(),
        best.candidate().paramsJson(), inputs, opts.input().path(), opts.input().format(),
        opts.input().deltaVersion(), cfg.hash(), cfg.seed(), Versions.sparkwise(), Versions.spark(),
        Versions.java(), opts.tags());
    return new ModelRegistry(spark, opts.warehouse()).register(opts.register(), draft);
  }

  /** A model path that still works from another working directory or machine. */
  private String qualified(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw Errors.storage(path, "cannot resolve the model path", e);
    }
  }

  private ObjectNode summary(LabelInfo label, Task task, Metric metric, Profile profile, List<DroppedColumn> dropped,
      Map<String, Double> holdout, TrialResult best, List<TrialResult> ranked, List<TrialResult> trials,
      String modelPath) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode s = m.createObjectNode();
    s.put("run_id", runId);
    s.put("task", task.id());
    s.put("label", label.name());
    s.put("rows", label.usableRows());
    s.put("columns", profile.columns().size() + 1);
    s.put("metric", metric.id());
    ObjectNode h = s.putObject("holdout");
    holdout.forEach(h::put);
    ObjectNode cv = s.putObject("cv");
    cv.put("mean", best.mean());
    cv.put("std", best.std());
    cv.put("folds", best.foldMetrics().size());
    s.put("best_model", best.candidate().family());
    ArrayNode lb = s.putArray("leaderboard");
    for (int i = 0; i < ranked.size(); i++) {
      TrialResult t = ranked.get(i);
      ObjectNode e = lb.addObject();
      e.put("rank", i + 1);
      e.put("model", t.candidate().trialId());
      e.put("family", t.candidate().family());
      try {
        e.set("params", m.readTree(t.candidate().paramsJson()));
      } catch (IOException ex) {
        throw new IllegalStateException(ex);
      }
      e.put("cv_metric", t.mean());
      e.put("cv_std", t.std());
      e.put("fit_seconds", t.fitSeconds());
    }
    s.put("trials", trials.size());
    s.put("wall_seconds", (System.currentTimeMillis() - start) / 1000.0);
    ArrayNode d = s.putArray("dropped_columns");
    for (DroppedColumn c : dropped) {
      d.addObject().put("column", c.column()).put("reason", c.reason());
    }
    s.put("model_path", modelPath);
    s.put("report_path", Reports.pathFor(opts.warehouse(), runId));
    s.put("seed", cfg.seed());
    s.put("config_hash", cfg.hash());
    ObjectNode in = s.putObject("input");
    in.put("path", opts.input().path());
    in.put("format", opts.input().format());
    if (opts.input().deltaVersion() == null) {
      in.putNull("delta_version");
    } else {
      in.put("delta_version", opts.input().deltaVersion());
    }
    return s;
  }

  /** A resumed run that had already completed: its saved result, nothing rerun. */
  private TrainResult completed(Row prior) {
    String path = prior.getAs("model_path");
    opts.progress().phase("run " + runId + " already completed; nothing to resume");
    SavedModel m = SavedModel.load(path);
    try {
      ObjectNode summary = (ObjectNode) new ObjectMapper().readTree(m.sidecar("sparkwise-summary.json")
          .orElseThrow(() -> Errors.data(path, "has no sparkwise-summary.json")));
      return new TrainResult(runId, m.pipeline(), path, List.of(), summary);
    } catch (IOException e) {
      throw Errors.data(path + "/sparkwise-summary.json", "is not valid JSON");
    }
  }

  /** A model folder a killed attempt of this run left half-written (ours: under the warehouse). */
  private void removePartialModel(String modelPath) {
    try {
      Path p = new Path(modelPath);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(p)) {
        LOG.info("Removing the partial model {} of an interrupted attempt", modelPath);
        fs.delete(p, true);
      }
    } catch (IOException e) {
      throw Errors.storage(modelPath, "cannot remove the partial model of the interrupted attempt", e);
    }
  }

  private void requireNewModelPath(String modelPath) {
    try {
      Path p = new Path(modelPath);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(p)) {
        throw Errors.config("--run-id", "run '" + runId + "' already has a model at " + modelPath
            + "; choose another run id");
      }
    } catch (IOException e) {
      throw Errors.storage(modelPath, "cannot check the model path", e);
    }
  }

  private void writeSidecar(String modelPath, String name, String text) {
    Path p = new Path(modelPath, name);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(p, false)) {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.storage(p.toString(), "cannot write", e);
    }
  }

  private void fail(Exception e) {
    try {
      awaitStarted();
      tracker.upsertRun(new RunRecord(runId, "failed", record.startedAt(), new Timestamp(System.currentTimeMillis()),
          null, cfg.label(), cfg.seed(), record.configJson(), record.configHash(), record.inputPath(),
          record.inputFormat(), record.inputDeltaVersion(), null, null, null, null, null, null, null,
          Errors.firstLine(e), record.sparkwiseVersion(), record.sparkVersion(), record.javaVersion(),
          record.inputFingerprint()));
    } catch (RuntimeException again) {
      LOG.warn("Could not record the failure of run {}", runId, again);
    }
  }
}
