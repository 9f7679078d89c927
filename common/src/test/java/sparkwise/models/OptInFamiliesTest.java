package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Task;
import sparkwise.testing.DatasetAssertions;
import sparkwise.testing.TestData;

/** The opt-in families fit inside a Pipeline, learn something, and save as a plain PipelineModel. */
class OptInFamiliesTest {

  @Test
  void defaultSearchLeavesThemOutAndIncludeBringsThemIn() {
    List<String> names = ModelCatalog.select(Task.BINARY, List.of(), List.of()).stream().map(ModelFamily::name).toList();
    assertFalse(names.contains("multilayer_perceptron"));
    List<String> asked = List.of("factorization_machines", "multilayer_perceptron", "linear_svm", "naive_bayes");
    assertEquals(asked, ModelCatalog.select(Task.BINARY, asked, List.of()).stream().map(ModelFamily::name).toList());
    assertEquals(List.of("factorization_machines"),
        ModelCatalog.select(Task.REGRESSION, asked, List.of()).stream().map(ModelFamily::name).toList());
  }

  @Test
  void eachFitsScoresAndReloads(@TempDir Path dir) throws Exception {
    Dataset<Row> data = TestData.churn(1200).selectExpr("customer_id", "tenure_months", "monthly_charges", "support_calls",
        "CASE WHEN churned = 'yes' THEN 1.0 ELSE 0.0 END AS label").cache();
    for (String name : List.of("factorization_machines", "multilayer_perceptron", "linear_svm", "naive_bayes")) {
      ModelFamily f = ModelCatalog.get(name);
      Map<String, Object> defaults = new java.util.LinkedHashMap<>();
      f.space(Task.BINARY).forEach(d -> defaults.put(d.param(), d.grid().get(0)));
      List<PipelineStage> stages = new ArrayList<>(List.of(
          new VectorAssembler().setInputCols(new String[] {"tenure_months", "monthly_charges", "support_calls"})
              .setOutputCol("raw"),
          new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true)));
      stages.add(f.estimator(Task.BINARY, defaults, new ModelFamily.EstimatorContext("features", "label", 3, 0)));
      PipelineModel model = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(data);
      Dataset<Row> scored = model.transform(data);
      double auc = new BinaryClassificationEvaluator().evaluate(scored);
      assertTrue(auc > 0.6, name + " AUC " + auc); // naive Bayes is the weakest (0.64)
      assertTrue(List.of(scored.columns()).contains("probability"), name);
      String path = dir.resolve(name).toString();
      model.write().save(path);
      DatasetAssertions.assertSameRows(scored.select("customer_id", "probability"),
          PipelineModel.load(path).transform(data).select("customer_id", "probability"), 1e-12, "customer_id");
    }
  }
}
