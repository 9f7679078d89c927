package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.data.Splitter;
import sparkwise.data.StagewiseFit;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeatureVariant;
import sparkwise.features.LabelIndex;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.testing.SearchFixture;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * The unsupervised prefix the search fitted on all its rows is handed on, and a refit on those rows
 * applies it instead of fitting it again, to the same features a fit of the whole plan gives.
 */
class FittedPrefixReuseTest {
  @Test
  void aRefitOnTheSearchRowsAppliesTheSearchsFittedPrefix() {
    List<ModelFamily> families = List.of(ModelCatalog.get("decision_tree"));
    SearchFixture fixture = SearchFixture.of(TestData.churn(300).drop("city"), families, 3);
    Dataset<Row> search = fixture.searchRows();
    Map<FeatureVariant, FeaturePlan> plans = fixture.plans();
    SearchRunner runner = new SearchRunner(SharedSpark.session(), new SearchRunner.Settings(Task.BINARY, Metric.ROC_AUC,
        LabelIndex.COLUMN, Splitter.validationFolds(fixture.cfg().split()), 1, 1, 3,
        Deadline.of(System.currentTimeMillis(), Duration.ofHours(1))), plans, families);
    runner.run(search, new GridStrategy(families, Task.BINARY), (r, d, b) -> { });

    FeatureVariant variant = families.get(0).variant();
    FeaturePlan plan = plans.get(variant);
    List<Transformer> fitted = runner.fittedPrefixes().get(variant);
    int prefix = UnsupervisedPrefix.length(plan.stages());
    assertFalse(fitted == null || fitted.isEmpty(), "the search fitted a prefix: " + runner.fittedPrefixes());
    assertEquals(prefix, fitted.size());

    PipelineModel reused = StagewiseFit.fit(plan.stages(), fitted, search);
    for (int i = 0; i < prefix; i++) {
      assertSame(fitted.get(i), reused.stages()[i], "stage " + i + " applied, not fitted again");
    }
    PipelineModel whole = StagewiseFit.fit(plan.stages(), search);
    assertEquals(features(whole, search, plan), features(reused, search, plan));
  }

  private static List<String> features(PipelineModel m, Dataset<Row> rows, FeaturePlan plan) {
    return m.transform(rows).orderBy(Splitter.ROW_ID).select(plan.featuresCol()).collectAsList().stream()
        .map(r -> r.get(0).toString()).toList();
  }
}
