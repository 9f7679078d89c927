package sparkwise.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.evaluation.LocalMetrics;
import sparkwise.features.FeaturePlan;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * A trial on the distributed engine: on each of its variant's materialised folds, the family's
 * Spark ML estimator fitted on the training part and scored on the validation part. It stops after
 * a fold (PRUNED) when it is hopelessly behind {@code yardstick}, the best earlier trial, on the
 * same folds (none: no pruning). {@link TaskEngine#trial} is its single-node twin.
 */
final class DistributedTrial {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrial.class);

  private DistributedTrial() {}

  /** {@code start}: when the trial's own time began; {@code oof}: where its predictions go (null: nowhere). */
  static TrialResult run(Candidate c, ModelFamily family, FeaturePlan plan, List<FoldCache.Fold> folds,
      SearchRunner.Settings settings, TrialResult yardstick, long start, OofStore oof) {
    String variant = family.variant().name().toLowerCase(Locale.ROOT);
    Evaluator evaluator = settings.metric().evaluator(settings.labelCol(), settings.task());
    List<Double> metrics = new ArrayList<>();
    Dataset<Row> predictions = null;
    double fitSeconds = 0;
    for (FoldCache.Fold fold : folds) {
      long seed = SearchRunner.foldSeed(settings.seed(), c.seq(), fold.id());
      @SuppressWarnings("unchecked")
      Estimator<? extends Model<?>> est = (Estimator<? extends Model<?>>) family.estimator(settings.task(), c.params(),
          new ModelFamily.EstimatorContext(plan.featuresCol(), settings.labelCol(), seed, plan.maxCategories(), 0));
      long t0 = System.nanoTime();
      Model<?> model = est.fit(fold.train());
      fitSeconds += (System.nanoTime() - t0) / 1e9;
      Dataset<Row> scored = model.transform(fold.valid());
      metrics.add(foldMetric(scored, fold, settings, evaluator));
      if (metrics.size() < folds.size() && Pruning.hopeless(metrics, Pruning.folds(yardstick),
          yardstick == null ? Double.NaN : yardstick.std(), settings.metric())) {
        LOG.info("Trial {} ({}) stopped after {} of {} folds: {} behind the best trial", c.trialId(), c.family(),
            metrics.size(), folds.size(), settings.metric().id());
        return new TrialResult(c, variant, TrialResult.Status.PRUNED, metrics, Double.NaN, Double.NaN, fitSeconds,
            start, System.currentTimeMillis(), "stopped early: behind the best trial on the first " + metrics.size()
                + " folds");
      }
      if (oof != null && c.onAllRows()) {
        Dataset<Row> p = oof.predictions(scored, fold.id(), settings.task());
        predictions = predictions == null ? p : predictions.unionAll(p);
      }
    }
    if (predictions != null) {
      oof.write(c.trialId(), predictions);
    }
    return TrialResult.of(c, variant, metrics, fitSeconds, start, System.currentTimeMillis());
  }

  /** The fold's metric: on the driver from one collect when the fold is small (one job, not MLlib's several). */
  private static double foldMetric(Dataset<Row> scored, FoldCache.Fold fold, SearchRunner.Settings settings,
      Evaluator evaluator) {
    if (fold.validRows() <= LocalMetrics.MAX_ROWS) {
      var s = LocalMetrics.collect(scored, settings.labelCol(), settings.task());
      var m = LocalMetrics.of(s, settings.task(), List.of(settings.metric()));
      if (m.isPresent()) {
        return m.get().get(settings.metric().id());
      }
    }
    return evaluator.evaluate(scored);
  }
}
