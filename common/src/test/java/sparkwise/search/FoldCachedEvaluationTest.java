package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.data.Splitter;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.LabelIndex;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.models.ModelFamily.EstimatorContext;
import sparkwise.testing.SearchFixture;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;
import sparkwise.TrialResult;

/**
 * Fitting preprocessing once per fold and caching it must not change the answer: on the same
 * folds (CrossValidator's foldCol) and the same param maps, the metrics equal CrossValidator's,
 * which refits the Pipeline for every param map: the stages after the unsupervised prefix, the
 * prefix having been fitted on all search rows, as the search fits it.
 */
class FoldCachedEvaluationTest {

  @Test
  void sameMetricsAsCrossValidatorOnTheSameFoldsAndParamMaps() {
    // Without the 400-level city: its out-of-fold target encoder (five inner fits) made every one of
    // CrossValidator's twelve Pipeline refits slow, and the comparison needs no particular stage.
    // Logistic regression capped at 10 iterations on both sides: at the catalog's 100, CrossValidator's
    // seven fits of it were half of this test's time, and the iterations are not what it compares.
    List<ModelFamily> families = List.of(new FewerIterations(ModelCatalog.get("logistic_regression")),
        ModelCatalog.get("decision_tree"));
    SearchFixture fixture = SearchFixture.of(TestData.churn(600).drop("city"), families, 11);
    TrainConfig cfg = fixture.cfg();
    Dataset<Row> search = fixture.searchRows();
    Map<FeatureVariant, FeaturePlan> plans = fixture.plans();
    Metric metric = Metric.ROC_AUC;
    long now = System.currentTimeMillis();
    SearchRunner runner = new SearchRunner(SharedSpark.session(), new SearchRunner.Settings(Task.BINARY, metric,
        LabelIndex.COLUMN, Splitter.validationFolds(cfg.split()), 2, 4, 11, Deadline.of(now, Duration.ofHours(1))),
        plans, families);
    List<TrialResult> ours = runner.run(search, new GridStrategy(families, Task.BINARY), (r, d, b) -> { });
    assertEquals(4, ours.size());

    for (ModelFamily family : families) {
      List<TrialResult> mine = ours.stream().filter(t -> t.candidate().family().equals(family.name())).toList();
      FeaturePlan plan = plans.get(family.variant());
      PipelineStage est = family.estimator(Task.BINARY, mine.get(0).candidate().params(),
          new ModelFamily.EstimatorContext(plan.featuresCol(), LabelIndex.COLUMN, 11, plan.maxCategories()));
      // The stages before the first that reads the label are fitted once on all search rows (as
      // the search does), the rest for each fold with the model.
      int shared = UnsupervisedPrefix.length(plan.stages());
      Dataset<Row> prepared = new Pipeline().setStages(plan.stages().subList(0, shared).toArray(PipelineStage[]::new))
          .fit(search).transform(search);
      List<PipelineStage> stages = new ArrayList<>(plan.stages().subList(shared, plan.stages().size()));
      stages.add(est);
      ParamMap[] maps = mine.stream().map(t -> paramMap((Params) est, t.candidate().params())).toArray(ParamMap[]::new);
      CrossValidatorModel cv = new CrossValidator()
          .setEstimator(new Pipeline().setStages(stages.toArray(PipelineStage[]::new)))
          .setEstimatorParamMaps(maps)
          .setEvaluator(metric.evaluator(LabelIndex.COLUMN, Task.BINARY))
          .setNumFolds(3)
          .setFoldCol(Splitter.FOLD)
          .setParallelism(2)
          .fit(prepared);
      for (int i = 0; i < mine.size(); i++) {
        assertEquals(cv.avgMetrics()[i], mine.get(i).mean(), 1e-9,
            family.name() + " " + mine.get(i).candidate().paramsJson());
      }
    }
    search.unpersist();
  }

  /** A linear family whose estimators stop after 10 iterations. */
  private record FewerIterations(ModelFamily base) implements ModelFamily {
    @Override public String name() { return base.name(); }
    @Override public boolean supports(Task task) { return base.supports(task); }
    @Override public FeatureVariant variant() { return base.variant(); }
    @Override public List<sparkwise.models.Dimension> space(Task task) { return base.space(task); }

    @Override
    public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext context) {
      PipelineStage est = base.estimator(task, params, context);
      return est.copy(new ParamMap().put(est.getParam("maxIter"), 10));
    }
  }

  @SuppressWarnings("unchecked")
  private static ParamMap paramMap(Params est, Map<String, Object> params) {
    ParamMap m = new ParamMap();
    params.forEach((k, v) -> m.put((Param<Object>) est.getParam(k), v));
    return m;
  }
}
