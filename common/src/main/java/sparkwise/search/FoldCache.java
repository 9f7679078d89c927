package sparkwise.search;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.data.Splitter;
import sparkwise.features.FeaturePlan;
import sparkwise.models.FeatureVariant;

/**
 * Preprocessing fitted once per (variant, fold), not once per trial: each fold's training part
 * fits the variant's stages, and the transformed (features, label) columns of both parts are
 * cached for every trial of that variant. {@link #close()} releases them.
 */
final class FoldCache implements AutoCloseable {
  /** One fold's transformed training and validation rows, and how many validation rows. */
  record Fold(int id, Dataset<Row> train, Dataset<Row> valid, long validRows) {}

  private final Dataset<Row> searchRows;
  private final int[] foldIds;
  /** Time-ordered folds train on the earlier blocks only. */
  private final boolean timeOrdered;
  private final String labelCol;
  private final Map<FeatureVariant, FeaturePlan> plans;
  private final Map<FeatureVariant, java.util.concurrent.CompletableFuture<List<Fold>>> folds =
      new EnumMap<>(FeatureVariant.class);
  /** Subsamples of the training parts for successive halving, by variant and fraction. */
  private final Map<String, List<Fold>> fractions = new java.util.HashMap<>();

  FoldCache(Dataset<Row> searchRows, int[] foldIds, boolean timeOrdered, String labelCol,
      Map<FeatureVariant, FeaturePlan> plans) {
    this.searchRows = searchRows;
    this.foldIds = foldIds;
    this.timeOrdered = timeOrdered;
    this.labelCol = labelCol;
    this.plans = plans;
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
          .map(f -> new Fold(f.id(), f.train().sample(false, fraction, seed + f.id()).localCheckpoint(true), f.valid(),
              f.validRows()))
          .toList());
    }
  }

  /** The folds of a variant, fitting and caching them on first use (once, whichever thread asks first). */
  List<Fold> folds(FeatureVariant variant) {
    java.util.concurrent.CompletableFuture<List<Fold>> f;
    boolean mine = false;
    synchronized (this) {
      f = folds.get(variant);
      if (f == null) {
        f = new java.util.concurrent.CompletableFuture<>();
        folds.put(variant, f);
        mine = true;
      }
    }
    if (mine) {
      try {
        f.complete(prepare(variant));
      } catch (Throwable e) { // Spark's SparkException is checked, yet thrown undeclared from Scala
        synchronized (this) {
          folds.remove(variant); // a cancelled preparation is tried again by the next trial
        }
        f.completeExceptionally(e);
        throw e;
      }
    }
    return join(f); // the preparing thread's failure (a cancelled job, most often) becomes this trial's
  }

  /**
   * Starts preparing every variant's folds at once, one thread each, so that the first trials of
   * different variants do not wait for one another's preprocessing in turn.
   */
  void prefetch(java.util.Collection<FeatureVariant> variants, String jobGroup) {
    for (FeatureVariant v : variants) {
      Thread t = new Thread(() -> {
        searchRows.sparkSession().sparkContext().setJobGroup(jobGroup, "preparing the " + v + " folds", true);
        try {
          folds(v);
        } catch (Throwable e) {
          // the trial that needs these folds prepares them again and reports the failure
        }
      }, "sparkwise-folds-" + v);
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * Fits the variant's preprocessing on each fold's training part and checkpoints both parts. The
   * folds are prepared side by side: on small tables each is a string of short Spark jobs whose
   * time goes to planning and scheduling on the driver, which overlap well.
   */
  private List<Fold> prepare(FeatureVariant variant) {
    FeaturePlan plan = plans.get(variant);
    var sc = searchRows.sparkSession().sparkContext();
    java.util.Properties caller = sc.getLocalProperties();
    List<java.util.concurrent.CompletableFuture<Fold>> parts = new ArrayList<>();
    for (int f : foldIds) {
      parts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        sc.setLocalProperties((java.util.Properties) caller.clone()); // the caller's job group: cancelling it stops these jobs
        return prepare(plan, f);
      }, r -> {
        Thread t = new Thread(r, "sparkwise-fold-" + variant + "-" + f);
        t.setDaemon(true);
        t.start();
      }));
    }
    List<Fold> out = new ArrayList<>();
    for (var part : parts) {
      out.add(join(part));
    }
    return out;
  }

  /** The value of {@code f}, or its failure as an unchecked exception. */
  private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re
          : new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }

  private Fold prepare(FeaturePlan plan, int f) {
    Dataset<Row> train = searchRows.filter(timeOrdered ? col(Splitter.FOLD).lt(f) : col(Splitter.FOLD).notEqual(f));
    Dataset<Row> valid = searchRows.filter(col(Splitter.FOLD).equalTo(f));
    PipelineModel prefix = new Pipeline().setStages(plan.stages().toArray(PipelineStage[]::new)).fit(train);
    // A local checkpoint, not a cache: it also cuts the lineage, so each trial's tasks carry a
    // two-column scan instead of the whole preprocessing plan.
    Dataset<Row> t = prefix.transform(train).select(plan.featuresCol(), labelCol).localCheckpoint(true);
    Dataset<Row> v = prefix.transform(valid).select(col(plan.featuresCol()), col(labelCol), col(Splitter.ROW_ID))
        .localCheckpoint(true);
    return new Fold(f, t, v, v.count()); // counted from the checkpointed blocks
  }

  @Override
  public synchronized void close() {
    for (List<Fold> list : fractions.values()) {
      list.forEach(f -> f.train().unpersist());
    }
    for (var future : folds.values()) {
      for (Fold f : future.isDone() && !future.isCompletedExceptionally() ? future.join() : List.<Fold>of()) {
        f.train().unpersist();
        f.valid().unpersist();
      }
    }
    fractions.clear();
    folds.clear();
  }
}
