package sparkwise.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import sparkwise.Sparkwise;
import sparkwise.Task;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.data.DataSource;
import sparkwise.data.DemoData;
import sparkwise.data.Splitter;
import sparkwise.data.TableRef;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;

/**
 * Plain MLlib CrossValidator against Sparkwise's search, in one JVM on one table: the same
 * holdout rows, the same folds (CrossValidator's {@code foldCol} = Sparkwise's fold column), the
 * same preprocessing stages (Sparkwise's feature plan, refitted inside every CrossValidator fit
 * as a whole Pipeline), one CrossValidator per family over the usual grid, {@code parallelism}
 * 2, the best family's model measured on the holdout. Sparkwise runs {@code train} with its
 * default {@code auto} search and the given budget, then once per other variant asked for (one
 * of its mechanisms switched off by configuration, {@link #VARIANTS}). Appends one CSV row per
 * variant. CrossValidator's timed window holds its fits and its best model's holdout scoring
 * only: the profile, the split and the preprocessing-share measurement happen outside it, and
 * both sides run in one JVM warmed up first, so neither pays for starting it.
 * <p>Usage: SearchBench TABLE LABEL BUDGET OUT.csv [FOLDS [FAMILY,FAMILY...]] ; TABLE may be
 * {@code generated:ROWS}; the families (default: all four grids) limit both sides alike.
 * System properties: {@code sparkwise.bench.seed} (default 7), {@code sparkwise.bench.variants}
 * (comma-separated, default {@code default}), {@code sparkwise.bench.invocation} and
 * {@code sparkwise.bench.commit} (written into each row).
 */
public final class SearchBench {
  /** Sparkwise's variants: the search settings that switch one mechanism off. */
  static final Map<String, String> VARIANTS = Map.of(
      "default", "",
      "distributed", "  engine: distributed",        // no task engine: every trial's fits are Spark jobs
      "no_halving", "  halving: false",              // every trial on all rows; portfolio start and TPE kept
      "no_portfolio", "  strategy: bayesian",        // TPE alone: no portfolio start, and no halving either
      "no_early_stopping", "  early_stopping: false", // boosting runs all its rounds
      "no_pruning", "  pruning: false",              // a trial behind the best still runs every fold
      "no_fold_cache", "  fold_cache: false");       // every trial fits the preprocessing on its folds itself

  public static void main(String[] args) throws Exception {
    String table = args[0];
    String label = args[1];
    String budget = args[2];
    Path out = Path.of(args[3]);
    int folds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    List<String> families = args.length > 5 ? List.of(args[5].split(",")) : List.of();
    long seed = Long.getLong("sparkwise.bench.seed", 7);
    List<String> variants = List.of(System.getProperty("sparkwise.bench.variants", "default").split(","));
    for (String v : variants) {
      if (!VARIANTS.containsKey(v)) {
        throw new IllegalArgumentException("unknown variant " + v + "; known: " + VARIANTS.keySet());
      }
    }
    SparkSession spark = BenchSpark.session("bench-search", 4);
    Dataset<Row> raw = table.startsWith("generated:")
        ? DemoData.generate(spark, Long.parseLong(table.substring("generated:".length())), 7)
        : DataSource.read(spark, TableRef.parse("--data", table)).data();
    raw = raw.persist(StorageLevel.MEMORY_AND_DISK());
    long rows = raw.count();
    Path warehouse = Files.createTempDirectory("bench-search");
    TrainConfig cfg = config(label, seed, budget, folds, families, "");

    // Warm the JVM and Spark up on a small sample first, so neither side pays for it.
    Sparkwise.train(spark, raw.limit(2000), ConfigLoader.fromYaml("warmup", String.join("\n",
        "label: " + label, "budget: 20s", "ensemble:", "  enabled: false"), ConfigOverrides.none()),
        TrainOptions.of(warehouse.resolve("warmup").toString()));

    Baseline base = crossValidator(PreparedTable.of(raw, cfg.label(), cfg), cfg, families);
    System.err.printf("CrossValidator: %s holdout %s=%.4f in %.0fs%n", base.family, base.metric.id(), base.holdout,
        base.seconds);

    String name = (table.startsWith("generated:") ? table : Path.of(table).getFileName().toString())
        + (families.isEmpty() ? "" : " (" + String.join(" + ", families) + ")");
    for (String variant : variants) {
      String wh = warehouse.resolve("wh-" + variant).toString();
      long t1 = System.nanoTime();
      TrainResult ours = Sparkwise.train(spark, raw, config(label, seed, budget, folds, families, VARIANTS.get(variant)),
          TrainOptions.of(wh));
      double oursSeconds = (System.nanoTime() - t1) / 1e9;
      JsonNode s = ours.summary();
      double reach = reachSeconds(spark, wh, ours, oursSeconds);
      double oursHoldout = s.get("holdout").get(base.metric.id()).asDouble();
      long eligible = ours.leaderboard().stream().filter(t -> !t.candidate().family().startsWith("ensemble")).count();
      System.err.printf("Sparkwise (%s): %s holdout %s=%.4f in %.0fs, final model at %.0fs%n", variant,
          s.get("best_model").asText(), base.metric.id(), oursHoldout, oursSeconds, reach);
      boolean header = !Files.exists(out);
      String line = String.join(",", name, String.valueOf(rows), base.metric.id(), String.valueOf(folds),
          String.valueOf(base.maps), base.family, fmt(base.holdout), fmt(base.seconds), budget,
          s.get("best_model").asText().replace(',', ';'), fmt(oursHoldout), fmt(oursSeconds),
          String.valueOf(s.get("trials").asInt()), String.valueOf(eligible), fmt(base.fitShare), fmt(reach),
          String.valueOf(seed), variant, System.getProperty("sparkwise.bench.invocation", ""),
          System.getProperty("sparkwise.bench.commit", ""), java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
      Files.writeString(out, (header ? HEADER + "\n" : "") + line + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    spark.stop();
  }

  static final String HEADER = "table,rows,metric,folds,cv_param_maps,cv_best_family,cv_holdout,cv_seconds,"
      + "sparkwise_budget,sparkwise_model,sparkwise_holdout,sparkwise_seconds,sparkwise_trials,"
      + "sparkwise_full_trials,cv_preprocessing_share,sparkwise_reach_seconds,seed,variant,invocation,commit,date";

  private static TrainConfig config(String label, long seed, String budget, int folds, List<String> families,
      String search) {
    return ConfigLoader.fromYaml("bench", String.join("\n",
        "label: " + label, "seed: " + seed, "budget: " + budget, "split:", "  folds: " + folds,
        "models:", "  include: [" + String.join(", ", families) + "]")
        + (search.isEmpty() ? "" : "\nsearch:\n" + search), ConfigOverrides.none());
  }

  /**
   * When Sparkwise had its final model: the end of the trial that became the model (the last of
   * an ensemble's members) plus what followed the search (refit, holdout, saving, report). The
   * same run with a budget ending there would have returned the same model.
   */
  private static double reachSeconds(SparkSession spark, String warehouse, TrainResult r, double totalSeconds) {
    long startMillis = System.currentTimeMillis() - Math.round(totalSeconds * 1000);
    List<sparkwise.TrialResult> all = r.leaderboard();
    sparkwise.TrialResult best = all.get(0);
    long bestEnd = best.endedAtMillis();
    if (best.candidate().family().startsWith("ensemble")) { // its members' params name them: "t0003 xgboost, ..."
      List<String> ids = java.util.Arrays.stream(String.valueOf(best.candidate().params().get("members")).split(", "))
          .map(m -> m.split(" ")[0]).toList();
      bestEnd = all.stream().filter(t -> ids.contains(t.candidate().trialId()))
          .mapToLong(sparkwise.TrialResult::endedAtMillis).max().orElse(bestEnd);
    }
    // The search's end: the last trial's, cut off or not (the trials table holds them all).
    long searchEnd = spark.read().format("delta").load(warehouse + "/trials")
        .filter(col("run_id").equalTo(r.runId())).agg(org.apache.spark.sql.functions.max("ended_at"))
        .head().<java.sql.Timestamp>getAs(0).getTime();
    double after = (startMillis + totalSeconds * 1000 - searchEnd) / 1000.0;
    return (bestEnd - startMillis) / 1000.0 + Math.max(0, after);
  }

  /** {@code seconds}: CrossValidator's fits and its best model's holdout scoring, nothing else. */
  private record Baseline(String family, Metric metric, double holdout, int maps, double fitShare, double seconds) {}

  /** Hand-written MLlib tuning: one CrossValidator per family, the best family by CV metric. */
  private static Baseline crossValidator(PreparedTable t, TrainConfig cfg, List<String> families) {
    LabelInfo label = t.label();
    Task task = t.task();
    Metric metric = t.metric();
    Dataset<Row> labelled = t.labelled();
    Profile profile = t.profile();
    List<String> features = t.features();
    Dataset<Row> split = Splitter.split(labelled, LabelIndex.COLUMN, task.isClassification(), cfg.split(), cfg.seed())
        .persist(StorageLevel.MEMORY_AND_DISK());
    split.count(); // the split materialised outside the timed window: Sparkwise's own work, shared
    Dataset<Row> search = split.filter(col(Splitter.HOLDOUT).equalTo(false));
    Dataset<Row> holdout = split.filter(col(Splitter.HOLDOUT).equalTo(true));
    Map<FeatureVariant, FeaturePlan> plans = new EnumMap<>(FeatureVariant.class);
    CrossValidatorModel best = null;
    String bestFamily = null;
    double bestCv = Double.NaN;
    int maps = 0;
    double prefixSeconds = 0;
    double totalSeconds = 0;
    for (Map.Entry<String, List<Map<String, Object>>> grid : grids().entrySet()) {
      ModelFamily family = ModelCatalog.get(grid.getKey());
      if (!family.supports(task) || !families.isEmpty() && !families.contains(family.name())) {
        continue;
      }
      FeaturePlan plan = plans.computeIfAbsent(family.variant(),
          v -> FeaturePlanner.plan(profile, features, label, LabelIndex.COLUMN, v, cfg.features()));
      PipelineStage est = family.estimator(task, grid.getValue().get(0),
          new ModelFamily.EstimatorContext(plan.featuresCol(), LabelIndex.COLUMN, cfg.seed(), plan.maxCategories()));
      List<PipelineStage> stages = new ArrayList<>(plan.stages());
      stages.add(est);
      ParamMap[] pm = grid.getValue().stream().map(p -> paramMap((Params) est, p)).toArray(ParamMap[]::new);
      maps += pm.length;
      long a = System.nanoTime();
      // How long the preprocessing alone takes to fit: CrossValidator repeats it for every map and fold.
      new Pipeline().setStages(plan.stages().toArray(PipelineStage[]::new)).fit(search);
      prefixSeconds += (System.nanoTime() - a) / 1e9 * pm.length * cfg.split().folds();
      long b = System.nanoTime();
      CrossValidatorModel cv = new CrossValidator()
          .setEstimator(new Pipeline().setStages(stages.toArray(PipelineStage[]::new)))
          .setEstimatorParamMaps(pm)
          .setEvaluator(metric.evaluator(LabelIndex.COLUMN, task))
          .setNumFolds(cfg.split().folds())
          .setFoldCol(Splitter.FOLD)
          .setParallelism(2)
          .setSeed(cfg.seed())
          .fit(search);
      totalSeconds += (System.nanoTime() - b) / 1e9;
      double top = metric.largerIsBetter() ? java.util.Arrays.stream(cv.avgMetrics()).max().orElseThrow()
          : java.util.Arrays.stream(cv.avgMetrics()).min().orElseThrow();
      System.err.printf("  CrossValidator %s: best CV %s=%.4f%n", family.name(), metric.id(), top);
      if (best == null || metric.better(top, bestCv)) {
        best = cv;
        bestFamily = family.name();
        bestCv = top;
      }
    }
    long h = System.nanoTime();
    double holdoutMetric = metric.evaluator(LabelIndex.COLUMN, task).evaluate(best.transform(holdout));
    totalSeconds += (System.nanoTime() - h) / 1e9;
    split.unpersist();
    return new Baseline(bestFamily, metric, holdoutMetric, maps, Math.min(1.0, prefixSeconds / totalSeconds),
        totalSeconds);
  }

  /** The usual hand-written grids: values inside Sparkwise's default ranges. */
  private static Map<String, List<Map<String, Object>>> grids() {
    Map<String, List<Map<String, Object>>> g = new LinkedHashMap<>();
    g.put("logistic_regression", List.of(Map.of("regParam", 0.001, "elasticNetParam", 0.0),
        Map.of("regParam", 0.01, "elasticNetParam", 0.0), Map.of("regParam", 0.1, "elasticNetParam", 0.0)));
    g.put("linear_regression", g.get("logistic_regression"));
    g.put("random_forest", List.of(Map.of("numTrees", 50, "maxDepth", 8), Map.of("numTrees", 50, "maxDepth", 12)));
    g.put("gbt", List.of(Map.of("maxIter", 40, "maxDepth", 4, "stepSize", 0.1),
        Map.of("maxIter", 40, "maxDepth", 6, "stepSize", 0.1)));
    g.put("xgboost", List.of(Map.of("numRound", 200, "maxDepth", 4, "eta", 0.1),
        Map.of("numRound", 200, "maxDepth", 6, "eta", 0.1)));
    return g;
  }

  @SuppressWarnings("unchecked")
  private static ParamMap paramMap(Params est, Map<String, Object> params) {
    ParamMap m = new ParamMap();
    params.forEach((k, v) -> m.put((Param<Object>) est.getParam(k), v));
    return m;
  }

  private static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.4f", d);
  }

  private SearchBench() {}
}
