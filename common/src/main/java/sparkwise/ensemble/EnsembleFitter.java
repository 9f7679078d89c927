package sparkwise.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import sparkwise.Task;
import sparkwise.data.OncePerKey;
import sparkwise.data.SideBySide;
import sparkwise.features.FeaturePlan;
import sparkwise.features.SchemaGuard;
import sparkwise.features.FeatureVariant;
import sparkwise.models.DenseRows;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.models.XGBoostStage;
import sparkwise.data.StagewiseFit;
import sparkwise.TrialResult;

/**
 * Refits an ensemble's members on all training rows: each preprocessing variant once, each member
 * on its variant's output. Returns the schema guard (the pipeline's first stage) and the
 * {@link EnsembleModel} that follows it.
 */
public final class EnsembleFitter {
  private EnsembleFitter() {}

  /** The fitted first stage and ensemble stage. */
  public record Fitted(SchemaGuard guard, EnsembleModel ensemble) {}

  /** {@code fittedPrefixes}: each variant's first stages already fitted on these rows, applied rather than fitted again. */
  @SuppressWarnings("unchecked")
  public static Fitted fit(Ensembler.Result r, Map<FeatureVariant, FeaturePlan> plans, Dataset<Row> trainRows,
      Task task, String labelCol, long seed, Map<FeatureVariant, List<Transformer>> fittedPrefixes) {
    Map<FeatureVariant, Integer> variantIndex = new LinkedHashMap<>();
    List<PipelineModel> prefixes = new ArrayList<>();
    List<Dataset<Row>> transformed = new ArrayList<>();
    SchemaGuard guard = null;
    int[] variantOf = new int[r.members().size()];
    Transformer[] members = new Transformer[r.members().size()];
    Estimator<?>[] estimators = new Estimator<?>[r.members().size()];
    String[] names = new String[r.members().size()];
    try {
      for (int j = 0; j < r.members().size(); j++) {
        TrialResult t = r.members().get(j);
        ModelFamily family = ModelCatalog.get(t.candidate().family());
        FeatureVariant v = family.variant();
        FeaturePlan plan = plans.get(v);
        Integer vi = variantIndex.get(v);
        if (vi == null) {
          PipelineModel full = StagewiseFit.fit(plan.stages(), fittedPrefixes.getOrDefault(v, List.of()), trainRows);
          Transformer[] stages = full.stages();
          if (guard == null) {
            guard = (SchemaGuard) stages[0];
          }
          vi = prefixes.size();
          variantIndex.put(v, vi);
          prefixes.add(new PipelineModel(full.uid() + "_prefix", Arrays.copyOfRange(stages, 1, stages.length)));
          transformed.add(full.transform(trainRows).persist(StorageLevel.MEMORY_AND_DISK()));
        }
        variantOf[j] = vi;
        estimators[j] = (Estimator<?>) family.estimator(task, t.fitParams(),
            new ModelFamily.EstimatorContext(plan.featuresCol(), labelCol, seed, plan.maxCategories()));
        names[j] = t.candidate().trialId() + " " + t.candidate().family();
      }
      fitSideBySide(estimators, variantOf, transformed, members);
    } finally {
      transformed.forEach(Dataset::unpersist);
    }
    EnsembleModel m = new EnsembleModel(prefixes.toArray(PipelineModel[]::new), members, r.meta())
        .configure(r.method(), task.id(), r.weights(), variantOf, names);
    return new Fitted(guard, m);
  }

  /**
   * Fits the members, independent fits on rows already transformed, side by side: each is a string
   * of small Spark jobs or a single-node fit on one core, and one after another they left the
   * cores idle (five XGBoost members on 600 rows: 16 s). XGBoost members of one variant collect its
   * rows for a single-node fit once, not each (house_prices' five members: five collects of
   * 0.15-0.8 s each). The caller's job group is inherited.
   */
  private static void fitSideBySide(Estimator<?>[] estimators, int[] variantOf, List<Dataset<Row>> rows,
      Transformer[] into) {
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(
        Math.min(estimators.length, Math.max(2, Runtime.getRuntime().availableProcessors())));
    OncePerKey<Integer, Optional<DenseRows>> collected = new OncePerKey<>();
    try {
      List<java.util.concurrent.Future<Transformer>> fits = new ArrayList<>();
      for (int j = 0; j < estimators.length; j++) {
        Estimator<?> est = estimators[j];
        int variant = variantOf[j];
        Dataset<Row> data = rows.get(variant);
        fits.add(threads.submit(() -> est instanceof XGBoostStage x
            ? x.fit(collected.get(variant, () -> x.singleNodeRows(data)), data)
            : (Transformer) est.fit(data)));
      }
      for (int j = 0; j < into.length; j++) {
        into[j] = SideBySide.join(fits.get(j));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
