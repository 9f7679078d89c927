package sparkwise.ensemble;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Task;
import sparkwise.data.SideBySide;
import sparkwise.data.Splitter;
import sparkwise.evaluation.Metric;
import sparkwise.search.OofStore;
import sparkwise.TrialResult;

/**
 * Builds ensembles from the out-of-fold predictions of the best trials, and scores each on the
 * same folds with the same metric as the trials: soft voting over the best members, greedy
 * ensemble selection with replacement (Caruana et al., 2004) and stacking with a regularised
 * linear meta-learner, itself cross-validated on the folds. The predictions stay distributed:
 * one cached join of the members' Parquet files, scored in memory when it is small enough to
 * collect (up to {@link #ONE_PARTITION_ROWS} rows), else with MLlib's evaluators.
 */
public final class Ensembler {
  private static final Logger LOG = LoggerFactory.getLogger(Ensembler.class);
  static final int POOL = 8;
  static final int ROUNDS = 10;
  static final int PATIENCE = 2;
  static final int ONE_PARTITION_ROWS = 200_000;
  /**
   * The distributed meta-learner's convergence tolerance. Each solver iteration is a Spark job; on
   * a handful of member scores Spark's default (1e-6) took ~20 iterations per fit, 1e-4 about 12.
   */
  static final double STACKING_TOL = 1e-4;
  /** The meta-learner's L2 penalty on its standardised coefficients. */
  static final double META_REG_PARAM = 0.01;

  /** What to build: {@code method} is auto (all three), voting, stacking or selection. */
  public record Settings(Task task, Metric metric, String method, int maxMembers, int[] folds, long deadlineMillis) {}

  /** One ensemble: its members (trials), weights, per-fold metrics and, for stacking, the meta-model. */
  public record Result(String method, List<TrialResult> members, double[] weights, List<Double> foldMetrics,
      double mean, double std, PipelineModel meta) {
    public String family() {
      return "ensemble_" + method;
    }
  }

  private final OofStore store;
  private final Settings s;

  public Ensembler(OofStore store, Settings settings) {
    this.store = store;
    this.s = settings;
  }

  /** Ensembles of the {@code ranked} (best first) successful trials; empty when fewer than two qualify. */
  public List<Result> build(List<TrialResult> ranked) {
    List<TrialResult> pool = pool(ranked.stream().filter(t -> store.has(t.candidate().trialId())).toList(), POOL);
    if (pool.size() < 2) {
      return List.of();
    }
    Optional<List<OofStore.Kept>> kept = keptOnDriver(pool);
    if (kept.isPresent()) {
      // Kept on the driver by the task engine: joined there, no file read and no join job.
      OofView.Local view = OofView.Local.joined(kept.get(), s.metric(), s.task());
      return build(pool, view, () -> view.asDataset(store));
    }
    Dataset<Row> oof = small(join(pool)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return build(pool, view(oof, pool.size()), () -> oof);
    } finally {
      oof.unpersist();
    }
  }

  /** Whether {@link #build} on {@code ranked} runs on predictions kept on the driver (no job): cheap mid-search. */
  public boolean inMemory(List<TrialResult> ranked) {
    List<TrialResult> pool = pool(ranked, POOL);
    return pool.size() >= 2 && keptOnDriver(pool).isPresent();
  }

  /** The pool's predictions when every member's are kept on the driver, within {@link #ONE_PARTITION_ROWS}. */
  private Optional<List<OofStore.Kept>> keptOnDriver(List<TrialResult> pool) {
    List<Optional<OofStore.Kept>> kept = pool.stream().map(t -> store.kept(t.candidate().trialId())).toList();
    return kept.stream().allMatch(Optional::isPresent) && kept.get(0).get().size() <= ONE_PARTITION_ROWS
        ? Optional.of(kept.stream().map(Optional::get).toList()) : Optional.empty();
  }

  private List<Result> build(List<TrialResult> pool, OofView view, java.util.function.Supplier<Dataset<Row>> oof) {
    List<Result> out = new ArrayList<>();
    boolean all = s.method().equals("auto");
    if (all || s.method().equals("selection")) {
      out.add(selection(pool, view));
    }
    if ((all || s.method().equals("voting")) && time()) {
      int n = Math.min(s.maxMembers(), pool.size());
      double[] w = new double[pool.size()];
      Arrays.fill(w, 0, n, 1.0);
      out.add(scored("voting", pool, w, view));
    }
    if ((all || s.method().equals("stacking")) && time()) {
      int members = Math.min(s.maxMembers(), pool.size());
      if (view instanceof OofView.Local local && LocalStacking.supports(s.task(), local, members)) {
        out.add(stackLocally(pool, local));
      } else {
        stack(pool, oof.get()).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * The members to choose from, {@code size} at most: the best trial, then the best of every other
   * family (its errors differ most from the best's, which is what an ensemble gains from: a pool of
   * the six best alone is often six near-copies of one XGBoost), then the rest in rank order.
   * Voting and stacking take the pool's first members, selection picks from all of it.
   */
  static List<TrialResult> pool(List<TrialResult> ranked, int size) {
    LinkedHashSet<TrialResult> out = new LinkedHashSet<>();
    Set<String> families = new HashSet<>();
    for (TrialResult t : ranked) {
      if (families.add(t.candidate().family())) {
        out.add(t);
      }
    }
    for (TrialResult t : ranked) {
      out.add(t);
    }
    return out.stream().limit(size).toList();
  }

  /**
   * The joined predictions to score weightings on: collected once to the driver when there are
   * at most {@link #ONE_PARTITION_ROWS} rows (every weighting is then scored in memory, where each
   * MLlib evaluation costs several Spark jobs), else the Dataset itself.
   */
  private OofView view(Dataset<Row> oof, int members) {
    if (oof.limit(ONE_PARTITION_ROWS + 1).count() <= ONE_PARTITION_ROWS) {
      return OofView.Local.of(oof.collectAsList(), members, s.metric(), s.task());
    }
    return new OofView.Distributed(oof, evaluator(), s.task());
  }

  /**
   * Out-of-fold predictions of up to {@link #ONE_PARTITION_ROWS} rows on one partition: the
   * selection scores many weightings, and on small data each evaluation's cost is per task.
   */
  private Dataset<Row> small(Dataset<Row> oof) {
    return oof.limit(ONE_PARTITION_ROWS + 1).count() <= ONE_PARTITION_ROWS ? oof.coalesce(1) : oof;
  }

  private boolean time() {
    return System.currentTimeMillis() < s.deadlineMillis();
  }

  /** key, fold, label, weight and one score column per member: an inner join on (row key, fold). */
  private Dataset<Row> join(List<TrialResult> pool) {
    Dataset<Row> joined = null;
    for (int j = 0; j < pool.size(); j++) {
      Dataset<Row> d = store.read(pool.get(j).candidate().trialId());
      if (joined == null) {
        joined = d.select(col(Splitter.ROW_ID), col(OofStore.FOLD), col(store.labelCol()), col(OofStore.WEIGHT),
            col(OofStore.SCORE).as(EnsembleModel.SCORE_PREFIX + j));
      } else {
        joined = joined.join(d.select(col(Splitter.ROW_ID), col(OofStore.FOLD),
            col(OofStore.SCORE).as(EnsembleModel.SCORE_PREFIX + j)),
            scala.jdk.javaapi.CollectionConverters.asScala(List.of(Splitter.ROW_ID, OofStore.FOLD)).toSeq());
      }
    }
    return joined;
  }

  @SuppressWarnings("unchecked")
  private Evaluator evaluator() {
    Evaluator e = s.metric().evaluator(store.labelCol(), s.task());
    e.set((Param<Object>) e.getParam("weightCol"), OofStore.WEIGHT);
    return e;
  }

  /**
   * Caruana's greedy selection with replacement, from the best member, limited to maxMembers
   * distinct. Stops after {@link #PATIENCE} rounds without improvement (later rounds rarely help
   * and each costs one evaluation per member); a weighting already scored is not scored again.
   */
  private double[] select(List<TrialResult> pool, OofView oof) {
    int k = pool.size();
    double[] counts = new double[k];
    counts[0] = 1;
    Map<String, Future<Double>> scored = new HashMap<>();
    ExecutorService threads = Executors.newFixedThreadPool(Math.min(4, k));
    try {
      double best = SideBySide.join(score(scored, threads, oof, counts));
      double[] bestCounts = counts.clone();
      int stale = 0;
      for (int round = 0; round < ROUNDS && stale < PATIENCE && time(); round++) {
        long distinct = Arrays.stream(counts).filter(c -> c > 0).count();
        List<Future<Double>> scores = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          double[] w = counts.clone();
          w[i] += 1;
          boolean allowed = counts[i] > 0 || distinct < s.maxMembers();
          scores.add(allowed ? score(scored, threads, oof, w) : null);
        }
        int pick = -1;
        double pickScore = Double.NaN;
        for (int i = 0; i < k; i++) {
          if (scores.get(i) == null) {
            continue;
          }
          double v = SideBySide.join(scores.get(i));
          if (pick < 0 || s.metric().clearlyBetter(v, pickScore)) { // ties: the earlier (better-ranked) member
            pick = i;
            pickScore = v;
          }
        }
        counts[pick] += 1;
        if (s.metric().clearlyBetter(pickScore, best)) {
          best = pickScore;
          bestCounts = counts.clone();
          stale = 0;
        } else {
          stale++;
        }
      }
      return bestCounts;
    } finally {
      threads.shutdownNow();
    }
  }

  /** The metric of weights {@code w}, once per distinct weighting (counts 2,2 weigh as 1,1). */
  private Future<Double> score(Map<String, Future<Double>> scored, ExecutorService threads, OofView oof,
      double[] w) {
    double total = Arrays.stream(w).sum();
    StringBuilder key = new StringBuilder();
    for (double x : w) {
      key.append(String.format(java.util.Locale.ROOT, "%.9f,", x / total));
    }
    return scored.computeIfAbsent(key.toString(), x -> threads.submit(() -> oof.metric(w)));
  }

  /**
   * Greedy selection scored honestly: for each fold, the weights are chosen on the other folds'
   * predictions and scored on that fold (weights chosen and scored on the same rows would flatter
   * the ensemble). The ensemble's own weights are chosen on all folds.
   */
  private Result selection(List<TrialResult> pool, OofView oof) {
    List<OofView.Part> heldOut = heldOut();
    // The selections are independent and mostly wait on small Spark jobs: run them side by side.
    ExecutorService threads = Executors.newFixedThreadPool(heldOut.size() + 1);
    try {
      Future<double[]> all = threads.submit(() -> select(pool, oof));
      List<Future<Double>> folds = new ArrayList<>();
      for (OofView.Part part : heldOut) {
        folds.add(threads.submit(() -> oof.only(part).metric(select(pool, oof.without(part)))));
      }
      List<Double> metrics = new ArrayList<>();
      for (Future<Double> f : folds) {
        metrics.add(SideBySide.join(f));
      }
      return result("selection", pool, SideBySide.join(all), metrics, null);
    } finally {
      threads.shutdownNow();
    }
  }

  /** The parts an ensemble is scored on: the folds, or, with one validation fold, its two halves, each scored on a fit to the other. */
  private List<OofView.Part> heldOut() {
    List<OofView.Part> heldOut = new ArrayList<>();
    if (s.folds().length > 1) {
      for (int f : s.folds()) {
        heldOut.add(OofView.Part.ofFold(f));
      }
    } else {
      heldOut.add(OofView.Part.ofHalf(0));
      heldOut.add(OofView.Part.ofHalf(1));
    }
    return heldOut;
  }

  /** Stacking on collected predictions: the same meta-learner as {@link #stack}, fitted in memory. */
  private Result stackLocally(List<TrialResult> pool, OofView.Local view) {
    int k = Math.min(s.maxMembers(), pool.size());
    LocalStacking.Fitted f = LocalStacking.fit(view, k, s.task(), heldOut(), META_REG_PARAM);
    double[] w = new double[pool.size()];
    Arrays.fill(w, 0, k, 1.0);
    return result("stacking", pool, w, f.metrics(), f.meta());
  }

  /** Voting weights scored fold by fold. */
  private Result scored(String method, List<TrialResult> pool, double[] w, OofView oof) {
    List<Double> folds = new ArrayList<>();
    for (int f : s.folds()) {
      folds.add(oof.only(OofView.Part.ofFold(f)).metric(w));
    }
    return result(method, pool, w, folds, null);
  }

  private Result result(String method, List<TrialResult> pool, double[] w, List<Double> folds, PipelineModel meta) {
    List<TrialResult> members = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int j = 0; j < pool.size(); j++) {
      if (w[j] > 0) {
        members.add(pool.get(j));
        weights.add(w[j]);
      }
    }
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double[] normalised = weights.stream().mapToDouble(x -> x / total).toArray();
    double mean = folds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var = folds.stream().mapToDouble(m -> (m - mean) * (m - mean)).sum() / Math.max(1, folds.size() - 1);
    LOG.info("Ensemble {} of {}: {} {}", method, members.stream().map(t -> t.candidate().trialId()).toList(),
        s.metric().id(), mean);
    return new Result(method, members, normalised, folds, mean, Math.sqrt(var), meta);
  }

  /**
   * A regularised linear meta-learner on the members' scores, cross-validated on the folds. Each fit
   * is a string of small Spark jobs (one per solver iteration), so the folds' fits and the final one
   * run side by side; stacking is left out (empty) when they are not done by the deadline.
   */
  private Optional<Result> stack(List<TrialResult> pool, Dataset<Row> oof) {
    int k = Math.min(s.maxMembers(), pool.size());
    Dataset<Row> features = oof.withColumn(EnsembleModel.META_FEATURES,
        EnsembleModel.metaFeatures(k, s.task().id(), EnsembleModel.SCORE_PREFIX));
    Evaluator e = evaluator();
    var sc = oof.sparkSession().sparkContext();
    String group = "sparkwise-stacking-" + java.util.UUID.randomUUID();
    ExecutorService threads = Executors.newFixedThreadPool(s.folds().length + 1);
    try {
      List<Future<Double>> folds = new ArrayList<>();
      for (int f : s.folds()) {
        folds.add(threads.submit(() -> {
          sc.setJobGroup(group, "stacking, fold " + f, true);
          PipelineModel m = metaPipeline().fit(features.filter(col(OofStore.FOLD).notEqual(f)));
          return e.evaluate(m.transform(features.filter(col(OofStore.FOLD).equalTo(f))));
        }));
      }
      Future<PipelineModel> meta = threads.submit(() -> {
        sc.setJobGroup(group, "stacking", true);
        return metaPipeline().fit(features);
      });
      List<Double> metrics = new ArrayList<>();
      for (Future<Double> f : folds) {
        metrics.add(f.get(Math.max(0, s.deadlineMillis() - System.currentTimeMillis()), TimeUnit.MILLISECONDS));
      }
      PipelineModel model = meta.get(Math.max(0, s.deadlineMillis() - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      double[] w = new double[pool.size()];
      Arrays.fill(w, 0, k, 1.0);
      return Optional.of(result("stacking", pool, w, metrics, model));
    } catch (TimeoutException late) {
      LOG.info("Stacking left out: its fits were not done by the ensemble phase's deadline");
      sc.cancelJobGroup(group);
      return Optional.empty();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ie);
    } catch (java.util.concurrent.ExecutionException ee) {
      throw ee.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ee.getCause());
    } finally {
      threads.shutdownNow();
    }
  }

  private Pipeline metaPipeline() {
    PipelineStage learner = s.task() == Task.REGRESSION
        ? new LinearRegression().setFeaturesCol(EnsembleModel.META_FEATURES).setLabelCol(store.labelCol())
            .setWeightCol(OofStore.WEIGHT).setRegParam(META_REG_PARAM).setElasticNetParam(0.0)
        : new LogisticRegression().setFeaturesCol(EnsembleModel.META_FEATURES).setLabelCol(store.labelCol())
            .setWeightCol(OofStore.WEIGHT).setRegParam(META_REG_PARAM).setElasticNetParam(0.0).setTol(STACKING_TOL);
    return new Pipeline().setStages(new PipelineStage[] {learner});
  }
}
