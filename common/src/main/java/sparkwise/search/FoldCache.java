package sparkwise.search;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.data.StagewiseFit;
import sparkwise.data.OncePerKey;
import sparkwise.data.Partitions;
import sparkwise.data.SideBySide;
import sparkwise.data.Splitter;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeatureVariant;

/**
 * Preprocessing fitted once per (variant, fold), not once per trial: each fold's training part
 * fits the variant's stages, and the transformed (features, label) columns of both parts are
 * kept for every trial of that variant. The stages before the first that reads the label
 * (cleaning, imputation, rare-level folding, indexing) are fitted once on all search rows and
 * shared by every fold and variant ({@link UnsupervisedPrefix}), as AutoGluon's feature generators
 * are; what reads the label (target encoding, supervised selection) and all after it is fitted per
 * fold. Time-ordered folds fit everything per fold: a prefix fitted on later rows would see the
 * future. {@link #close()} releases them.
 */
final class FoldCache implements AutoCloseable {
  /**
   * One fold's transformed training and validation rows. They are materialised (a local
   * checkpoint, which also cuts the lineage, so each trial's tasks carry a short scan instead of
   * the whole preprocessing plan) on first use by a distributed trial; the task engine reads the
   * plain transformed rows once, and so skips three Spark jobs per fold.
   */
  static final class Fold {
    private final int id;
    /** Training rows per validation row (k - 1 for k folds), to size the training part before counting it. */
    private final int trainShare;
    private final Dataset<Row> plainTrain;
    private final Dataset<Row> plainValid;
    private Dataset<Row> train;
    private Dataset<Row> valid;
    private long validRows = -1;

    Fold(int id, int trainShare, Dataset<Row> plainTrain, Dataset<Row> plainValid) {
      this.id = id;
      this.trainShare = trainShare;
      this.plainTrain = plainTrain;
      this.plainValid = plainValid;
    }

    int id() {
      return id;
    }

    /** The transformed training rows, not materialised: for a single pass over them. */
    Dataset<Row> plainTrain() {
      return plainTrain;
    }

    Dataset<Row> plainValid() {
      return plainValid;
    }

    synchronized Dataset<Row> train() {
      if (train == null) {
        // Regrouped before the checkpoint, not after: XGBoost-Spark's barrier stage refuses an RDD
        // chain whose partition count changes (a coalesce after the checkpoint failed every trial).
        train = Partitions.fewer(plainTrain, validRows() * trainShare).localCheckpoint(true);
      }
      return train;
    }

    synchronized Dataset<Row> valid() {
      if (valid == null) {
        Dataset<Row> checkpointed = plainValid.localCheckpoint(true);
        validRows = checkpointed.count();
        valid = Partitions.fewer(checkpointed, validRows);
      }
      return valid;
    }

    /** Validation rows, counted from the materialised rows. */
    synchronized long validRows() {
      valid();
      return validRows;
    }

    /** This fold with a seeded sample of {@code fraction} of its training rows (materialised) and the same validation rows. */
    Fold sampled(double fraction, long seed) {
      Dataset<Row> sample = train().sample(false, fraction, seed + id).localCheckpoint(true);
      Fold f = new Fold(id, trainShare, sample, plainValid);
      f.train = sample;
      synchronized (this) {
        f.valid = valid();
        f.validRows = validRows();
      }
      return f;
    }

    synchronized void release(boolean validToo) {
      if (train != null) {
        train.unpersist();
      }
      if (validToo && valid != null) {
        valid.unpersist();
      }
    }
  }

  private final Dataset<Row> searchRows;
  private final int[] foldIds;
  /** Time-ordered folds train on the earlier blocks only. */
  private final boolean timeOrdered;
  private final String labelCol;
  private final Map<FeatureVariant, FeaturePlan> plans;
  private final OncePerKey<FeatureVariant, List<Fold>> folds = new OncePerKey<>();
  /** The search rows through each distinct unsupervised prefix, fitted once for every fold and variant. */
  private final UnsupervisedPrefix prefixes;
  /** Subsamples of the training parts for successive halving, by variant and fraction. */
  private final Map<String, List<Fold>> fractions = new java.util.HashMap<>();
  private final PreparationTimes times;
  /** Whether the unsupervised prefix is fitted once on all search rows (else per fold, with the rest). */
  private final boolean sharePrefix;
  private final java.util.concurrent.atomic.AtomicInteger preparing = new java.util.concurrent.atomic.AtomicInteger();

  FoldCache(Dataset<Row> searchRows, int[] foldIds, boolean timeOrdered, String labelCol,
      Map<FeatureVariant, FeaturePlan> plans) {
    this(searchRows, foldIds, timeOrdered, labelCol, plans, new PreparationTimes());
  }

  FoldCache(Dataset<Row> searchRows, int[] foldIds, boolean timeOrdered, String labelCol,
      Map<FeatureVariant, FeaturePlan> plans, PreparationTimes times) {
    this(searchRows, foldIds, timeOrdered, labelCol, plans, times, !timeOrdered);
  }

  private FoldCache(Dataset<Row> searchRows, int[] foldIds, boolean timeOrdered, String labelCol,
      Map<FeatureVariant, FeaturePlan> plans, PreparationTimes times, boolean sharePrefix) {
    this.times = times;
    this.sharePrefix = sharePrefix;
    this.searchRows = searchRows;
    this.foldIds = foldIds;
    this.timeOrdered = timeOrdered;
    this.labelCol = labelCol;
    this.plans = plans;
    this.prefixes = new UnsupervisedPrefix(searchRows, plans.values().stream().map(FeaturePlan::stages).toList());
  }

  /**
   * A cache of the same folds for one trial alone, with the fold cache switched off: it fits every
   * stage of the variant's plan on each fold's training part, as CrossValidator over a Pipeline does,
   * and is closed after the trial. Its preparation times are not the run's.
   */
  FoldCache forOneTrial() {
    return new FoldCache(searchRows, foldIds, timeOrdered, labelCol, plans, new PreparationTimes(), false);
  }

  /**
   * The folds of a variant with {@code fraction} of each training part (a seeded sample, the same
   * for every trial), for successive halving's lower rungs. Validation parts stay whole.
   */
  List<Fold> folds(FeatureVariant variant, double fraction, long seed) {
    List<Fold> whole = folds(variant);
    if (fraction >= 1.0) {
      return whole;
    }
    synchronized (this) {
      return fractions.computeIfAbsent(variant + "@" + fraction, k -> whole.stream()
          .map(f -> f.sampled(fraction, seed))
          .toList());
    }
  }

  /**
   * The folds of a variant, fitting and caching them on first use (once, whichever thread asks
   * first); the preparing thread's failure (a cancelled job, most often) becomes the waiting
   * trials', and the next trial prepares them again.
   */
  List<Fold> folds(FeatureVariant variant) {
    return folds.get(variant, () -> prepare(variant));
  }

  /**
   * Starts preparing every variant's folds at once, one thread each, so that the first trials of
   * different variants do not wait for one another's preprocessing in turn.
   */
  void prefetch(java.util.Collection<FeatureVariant> variants, String jobGroup) {
    for (FeatureVariant v : variants) {
      SideBySide.daemonThreads("sparkwise-folds-" + v).newThread(() -> {
        searchRows.sparkSession().sparkContext().setJobGroup(jobGroup, "preparing the " + v + " folds", true);
        try {
          folds(v);
        } catch (Throwable e) {
          // the trial that needs these folds prepares them again and reports the failure
        }
      }).start();
    }
  }

  /** Fits the variant's preprocessing on each fold's training part, the folds side by side. */
  private List<Fold> prepare(FeatureVariant variant) {
    FeaturePlan plan = plans.get(variant);
    List<java.util.function.Supplier<Fold>> parts = new ArrayList<>();
    for (int f : foldIds) {
      parts.add(() -> prepare(plan, f));
    }
    // Variants are prepared side by side (prefetch): each one's wall time is shared out among them.
    int sharing = preparing.incrementAndGet();
    long t0 = System.nanoTime();
    try {
      List<Fold> out = SideBySide.run(searchRows.sparkSession().sparkContext(), parts, "sparkwise-fold-" + variant);
      sharing = Math.max(sharing, preparing.get());
      String name = variant.name().toLowerCase(java.util.Locale.ROOT);
      times.add(name, (System.nanoTime() - t0) / 1e9 / sharing);
      if (sharePrefix) {
        times.addPrefix(name, prefixes.fitSeconds(plan.stages().subList(0, UnsupervisedPrefix.length(plan.stages()))));
      }
      return out;
    } finally {
      preparing.decrementAndGet();
    }
  }

  /**
   * A variant's transformed search rows with their fold and row id, when each fold's parts are
   * these rows filtered by fold (the whole plan is the unsupervised prefix fitted once on all
   * search rows): the task engine reads them in one pass instead of once per fold part, each row
   * transformed once instead of k times. Empty when a stage is fitted per fold.
   */
  java.util.Optional<Dataset<Row>> sharedRows(FeatureVariant variant) {
    List<PipelineStage> stages = plans.get(variant).stages();
    if (!sharePrefix || UnsupervisedPrefix.length(stages) < stages.size()) {
      return java.util.Optional.empty();
    }
    folds(variant); // fits the prefix as the folds do, once, and counts its time as theirs
    return java.util.Optional.of(prefixes.transformed(stages)
        .select(col(plans.get(variant).featuresCol()), col(labelCol), col(Splitter.ROW_ID), col(Splitter.FOLD)));
  }

  /** {@code folds}, materialised side by side, for the distributed engine (whose trials read them many times). */
  List<Fold> materialised(List<Fold> folds) {
    List<java.util.function.Supplier<Fold>> parts = new ArrayList<>();
    for (Fold f : folds) {
      parts.add(() -> {
        f.train();
        f.validRows();
        return f;
      });
    }
    return SideBySide.run(searchRows.sparkSession().sparkContext(), parts, "sparkwise-materialise");
  }

  private Fold prepare(FeaturePlan plan, int f) {
    List<PipelineStage> stages = plan.stages();
    int shared = sharePrefix ? UnsupervisedPrefix.length(stages) : 0;
    Dataset<Row> rows = shared == 0 ? searchRows : prefixes.transformed(stages.subList(0, shared));
    Dataset<Row> train = rows.filter(timeOrdered ? col(Splitter.FOLD).lt(f) : col(Splitter.FOLD).notEqual(f));
    Dataset<Row> valid = rows.filter(col(Splitter.FOLD).equalTo(f));
    PipelineModel perFold = StagewiseFit.fit(stages.subList(shared, stages.size()), train);
    return new Fold(f, Math.max(1, foldIds.length - 1), perFold.transform(train).select(plan.featuresCol(), labelCol),
        perFold.transform(valid).select(col(plan.featuresCol()), col(labelCol), col(Splitter.ROW_ID)));
  }

  /**
   * Each variant's unsupervised prefix as fitted on all search rows, for the variants whose folds
   * were prepared (none for time-ordered folds, which fit everything per fold).
   */
  Map<FeatureVariant, List<org.apache.spark.ml.Transformer>> fittedPrefixes() {
    Map<FeatureVariant, List<org.apache.spark.ml.Transformer>> out = new java.util.LinkedHashMap<>();
    if (sharePrefix) {
      plans.forEach((v, plan) -> prefixes.fitted(plan.stages().subList(0, UnsupervisedPrefix.length(plan.stages())))
          .ifPresent(t -> out.put(v, t)));
    }
    return out;
  }

  @Override
  public synchronized void close() {
    for (List<Fold> list : fractions.values()) {
      list.forEach(f -> f.release(false));
    }
    for (List<Fold> list : folds.drain()) {
      list.forEach(f -> f.release(true));
    }
    fractions.clear();
    prefixes.close();
  }
}
