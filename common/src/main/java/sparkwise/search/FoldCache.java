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
  private final Map<FeatureVariant, List<Fold>> folds = new EnumMap<>(FeatureVariant.class);
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

  /** The folds of a variant, fitting and caching them on first use. */
  synchronized List<Fold> folds(FeatureVariant variant) {
    List<Fold> existing = folds.get(variant);
    if (existing != null) {
      return existing;
    }
    FeaturePlan plan = plans.get(variant);
    List<Fold> out = new ArrayList<>();
    for (int f : foldIds) {
      Dataset<Row> train = searchRows.filter(timeOrdered ? col(Splitter.FOLD).lt(f) : col(Splitter.FOLD).notEqual(f));
      Dataset<Row> valid = searchRows.filter(col(Splitter.FOLD).equalTo(f));
      PipelineModel prefix = new Pipeline().setStages(plan.stages().toArray(PipelineStage[]::new)).fit(train);
      // A local checkpoint, not a cache: it also cuts the lineage, so each trial's tasks carry a
      // two-column scan instead of the whole preprocessing plan.
      Dataset<Row> t = prefix.transform(train).select(plan.featuresCol(), labelCol).localCheckpoint(true);
      Dataset<Row> v = prefix.transform(valid).select(col(plan.featuresCol()), col(labelCol), col(Splitter.ROW_ID))
          .localCheckpoint(true);
      out.add(new Fold(f, t, v, v.count())); // counted from the checkpointed blocks
    }
    folds.put(variant, out);
    return out;
  }

  @Override
  public synchronized void close() {
    for (List<Fold> list : fractions.values()) {
      list.forEach(f -> f.train().unpersist());
    }
    for (List<Fold> list : folds.values()) {
      for (Fold f : list) {
        f.train().unpersist();
        f.valid().unpersist();
      }
    }
    fractions.clear();
    folds.clear();
  }
}
