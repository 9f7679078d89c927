package sparkwise.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.data.OncePerKey;
import sparkwise.data.SideBySide;
import sparkwise.data.Splitter;
import sparkwise.features.FeaturePlan;
import sparkwise.models.ModelFamily;
import sparkwise.models.DenseRows;
import sparkwise.features.FeatureVariant;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * The task engine: when a variant's prepared folds fit in {@code maxBytes} as dense rows, they are
 * collected once, broadcast, and every trial of a family with a single-node learner runs as one
 * Spark task over them ({@link TrialTask}), as many at once as the search's parallelism allows.
 * Folds above the bound stay on the distributed engine.
 */
final class TaskEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

  /** A variant's dense folds, broadcast, and the number of classes their labels show. */
  record Dense(Broadcast<TrialTask.Fold[]> folds, int numClasses, long bytes) {}

  private final SparkSession spark;
  private final long maxBytes;
  private final String labelCol;
  private final OncePerKey<FeatureVariant, Optional<Dense>> dense = new OncePerKey<>();

  TaskEngine(SparkSession spark, long maxBytes, String labelCol) {
    this.spark = spark;
    this.maxBytes = maxBytes;
    this.labelCol = labelCol;
  }

  /** An engine of the same bound whose dense folds are its own (a trial's, with the fold cache off). */
  TaskEngine another() {
    return new TaskEngine(spark, maxBytes, labelCol);
  }

  /**
   * The variant's dense folds, collected and broadcast on first use; empty when they do not fit.
   * Variants are collected independently (one variant's collection does not hold up another's
   * trials); a failed collection (a cancelled job) is tried again by the next trial.
   */
  Optional<Dense> folds(FoldCache cache, FeatureVariant variant, String featuresCol) {
    return dense.get(variant, () -> cache.sharedRows(variant)
        .map(rows -> split(rows, cache.folds(variant), featuresCol, variant))
        .orElseGet(() -> materialise(cache.folds(variant), featuresCol, variant)));
  }

  /**
   * The folds cut on the driver from {@code rows} (every search row once, with its fold), collected
   * in one pass: each row is transformed once, not once per fold part. connect-4's two variants
   * had spent 12 s of a 60 s run on both cores computing the same rows three times each.
   */
  private Optional<Dense> split(Dataset<Row> rows, List<FoldCache.Fold> folds, String featuresCol, FeatureVariant v) {
    // Every row is in one validation part and k - 1 training parts: k times the rows in all.
    var all = DenseRows.collectGrouped(rows, featuresCol, labelCol, Splitter.ROW_ID, Splitter.FOLD,
        maxBytes / Math.max(1, folds.size()));
    if (all.isEmpty()) {
      return fitting(List.of(), folds, v);
    }
    DenseRows every = all.get().rows();
    int[] groups = all.get().groups();
    List<Optional<DenseRows>> parts = new ArrayList<>();
    for (FoldCache.Fold f : folds) {
      parts.add(Optional.of(every.rows(where(groups, g -> g != f.id())).withoutKeys()));
      parts.add(Optional.of(every.rows(where(groups, g -> g == f.id()))));
    }
    return fitting(parts, folds, v);
  }

  private static int[] where(int[] groups, java.util.function.IntPredicate keep) {
    return java.util.stream.IntStream.range(0, groups.length).filter(i -> keep.test(groups[i])).toArray();
  }

  /**
   * Collects every fold's two parts side by side, each bounded by its expected share of
   * {@code maxBytes} (a quarter more, for uneven folds), then checks the total.
   */
  private Optional<Dense> materialise(List<FoldCache.Fold> folds, String featuresCol, FeatureVariant v) {
    int k = folds.size();
    double trainShare = Math.max(1, k - 1);
    long trainCap = (long) (1.25 * maxBytes * trainShare / (trainShare + 1) / k);
    long validCap = (long) (1.25 * maxBytes / (trainShare + 1) / k);
    List<Supplier<Optional<DenseRows>>> parts = new ArrayList<>();
    for (FoldCache.Fold f : folds) {
      parts.add(() -> DenseRows.collect(f.plainTrain(), featuresCol, labelCol, null, trainCap));
      parts.add(() -> DenseRows.collect(f.plainValid(), featuresCol, labelCol, Splitter.ROW_ID, validCap));
    }
    return fitting(SideBySide.run(spark.sparkContext(), parts, "sparkwise-dense-" + v), folds, v);
  }

  /** {@code rows} (each fold's training part, then its validation part) broadcast, if all fit in {@code maxBytes}. */
  private Optional<Dense> fitting(List<Optional<DenseRows>> rows, List<FoldCache.Fold> folds, FeatureVariant v) {
    int k = folds.size();
    boolean fits = !rows.isEmpty() && rows.stream().allMatch(Optional::isPresent);
    long used = fits ? rows.stream().mapToLong(r -> bytes(r.orElseThrow())).sum() : Long.MAX_VALUE;
    if (used > maxBytes) {
      LOG.info("The {} folds take more than {} MiB as dense rows: their trials run distributed", v, maxBytes >> 20);
      return Optional.empty();
    }
    List<TrialTask.Fold> out = new ArrayList<>();
    // The label's own classes too: a class seen only in the holdout still gets its probability.
    int classes = Math.max(2, DenseRows.labelClasses(folds.get(0).plainTrain(), labelCol));
    for (int i = 0; i < k; i++) {
      DenseRows train = rows.get(2 * i).orElseThrow();
      classes = Math.max(classes, train.classes());
      out.add(new TrialTask.Fold(folds.get(i).id(), train, rows.get(2 * i + 1).orElseThrow()));
    }
    var broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(out.toArray(TrialTask.Fold[]::new));
    LOG.info("The {} folds as dense rows: {} MiB, broadcast for the task engine", v, used >> 20);
    return Optional.of(new Dense(broadcast, classes, used));
  }

  private static long bytes(DenseRows r) {
    return r.rows() * DenseRows.bytesPerRow(r.x().cols());
  }

  /** A trial as one Spark task on the variant's dense folds, its predictions kept when {@code oof} is set. */
  TrialResult trial(Candidate c, ModelFamily family, FeaturePlan plan, Dense dense, SearchRunner.Settings settings,
      TrialResult yardstick, long start, OofStore oof, long stopAtMillis) {
    var spec = family.singleNode(settings.task(), c.params(),
        new ModelFamily.EstimatorContext(plan.featuresCol(), settings.labelCol(), settings.seed(), plan.maxCategories(), 0),
        dense.numClasses()).orElseThrow();
    boolean keep = oof != null && c.onAllRows();
    TrialTask task = new TrialTask(spec, c.seq(), settings.seed(), c.fraction(), settings.metric(), settings.task(),
        Pruning.folds(yardstick), yardstick == null ? Double.NaN : yardstick.std(), keep,
        settings.switches().earlyStopping(), stopAtMillis);
    TrialTask.Outcome out = run(task, dense);
    List<Double> metrics = java.util.Arrays.stream(out.foldMetrics()).boxed().toList();
    String variant = family.variant().name().toLowerCase(java.util.Locale.ROOT);
    if (out.pruned()) {
      LOG.info("Trial {} ({}) stopped after {} folds: behind the best trial", c.trialId(), c.family(), metrics.size());
      return new TrialResult(c, variant, TrialResult.Status.PRUNED, metrics, Double.NaN, Double.NaN, out.fitSeconds(),
          start, System.currentTimeMillis(), "stopped early: behind the best trial on the first " + metrics.size() + " folds",
          TrialResult.TASK);
    }
    if (keep) {
      oof.writeKept(c.trialId(), predictions(out.predictions()));
    }
    int rounds = refitRounds(out.bestRounds(), spec.rounds());
    TrialResult r = TrialResult.of(c, variant, metrics, out.fitSeconds(), start, System.currentTimeMillis(),
        TrialResult.TASK, rounds);
    if (out.cutFolds() == 0) {
      return r;
    }
    String note = String.format(java.util.Locale.ROOT, "boosting cut at the deadline on %d of %d folds (%s of %d rounds)",
        out.cutFolds(), metrics.size(), rounds > 0 ? "~" + rounds : "fewer", spec.rounds());
    LOG.info("Trial {} ({}): {}", c.trialId(), c.family(), note);
    return r.noting(note);
  }

  /**
   * The rounds a refit of a trial uses, from the rounds its folds' early stopping chose: their mean
   * and a tenth more (a refit trains on all the folds' rows, more than any one fold trained on, and
   * more rows bear more rounds), at most the rounds proposed; 0 when no fold chose.
   */
  static int refitRounds(int[] foldRounds, int proposed) {
    if (foldRounds.length == 0 || java.util.Arrays.stream(foldRounds).anyMatch(r -> r <= 0)) {
      return 0;
    }
    double mean = java.util.Arrays.stream(foldRounds).average().orElseThrow();
    return (int) Math.min(proposed, Math.ceil(1.1 * mean));
  }

  /** Runs {@code task} as one Spark task in the calling thread's job group and returns its outcome. */
  TrialTask.Outcome run(TrialTask task, Dense d) {
    Broadcast<TrialTask.Fold[]> folds = d.folds();
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(0), 1)
        .map(i -> task.run(folds.value())).collect().get(0);
  }

  /**
   * The out-of-fold predictions of a task as {@link OofStore} keeps them, reduced on the driver:
   * one entry per (row key, fold) with its count.
   */
  static OofStore.Kept predictions(List<TrialTask.Predictions> folds) {
    int n = 0;
    for (TrialTask.Predictions p : folds) {
      n += p.keys().length;
    }
    long[] keys = new long[n];
    int[] foldOf = new int[n];
    double[] labels = new double[n];
    double[] weights = new double[n];
    double[][] scores = new double[n][];
    int out = 0;
    for (TrialTask.Predictions p : folds) {
      Map<Long, Integer> firstAt = new java.util.LinkedHashMap<>(); // a row key's first position in the fold
      Map<Long, Integer> count = new java.util.HashMap<>();
      for (int i = 0; i < p.keys().length; i++) {
        firstAt.putIfAbsent(p.keys()[i], i);
        count.merge(p.keys()[i], 1, Integer::sum);
      }
      for (Map.Entry<Long, Integer> e : firstAt.entrySet()) {
        int i = e.getValue();
        keys[out] = e.getKey();
        foldOf[out] = p.fold();
        labels[out] = p.labels()[i];
        weights[out] = count.get(e.getKey());
        scores[out] = p.scores()[i];
        out++;
      }
    }
    return new OofStore.Kept(java.util.Arrays.copyOf(keys, out), java.util.Arrays.copyOf(foldOf, out),
        java.util.Arrays.copyOf(labels, out), java.util.Arrays.copyOf(weights, out), java.util.Arrays.copyOf(scores, out));
  }

  @Override
  public void close() {
    dense.drain().forEach(d -> d.ifPresent(x -> x.folds().destroy()));
  }
}
