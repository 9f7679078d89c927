package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.StageContract;

/** Tree-importance selection keeps the informative slots, names intact, and passes the stage contract. */
class ImportanceSelectorTest {
  private static Dataset<Row> data() {
    List<String> cols = new ArrayList<>();
    StringBuilder select = new StringBuilder("id");
    for (int i = 0; i < 30; i++) {
      cols.add("noise" + i);
      select.append(", rand(").append(i).append(") AS noise").append(i);
    }
    Dataset<Row> df = SharedSpark.session().range(2000).selectExpr(select.toString().split(", (?=rand|id)"))
        .selectExpr("*", "rand(100) AS a", "rand(101) AS b")
        .selectExpr("*", "CAST(a + b > 1.0 AS DOUBLE) AS label");
    cols.add("a");
    cols.add("b");
    return new VectorAssembler().setInputCols(cols.toArray(String[]::new)).setOutputCol("v").transform(df);
  }

  @Test
  void keepsTheInformativeSlotsWithTheirNames() throws Exception {
    Dataset<Row> df = data().cache();
    ImportanceSelectorModel m = new ImportanceSelector().setFeaturesCol("v").setOutputCol("sel").setLabelCol("label")
        .setClassification(true).setMaxFeatures(4).setSeed(1).fit(df);
    int[] kept = m.getSelected();
    assertEquals(4, kept.length, Arrays.toString(kept));
    assertTrue(Arrays.stream(kept).anyMatch(i -> i == 30) && Arrays.stream(kept).anyMatch(i -> i == 31),
        "a and b (slots 30, 31) are kept: " + Arrays.toString(kept));
    Dataset<Row> out = m.transform(df);
    AttributeGroup g = AttributeGroup.fromStructField(out.schema().apply("sel"));
    assertEquals(4, g.size());
    assertTrue(Arrays.stream(g.attributes().get()).anyMatch(a -> a.name().get().equals("a")), "names survive");
    StageContract.check(m, df.drop("sel"), "id");
    df.unpersist();
  }

  @Test
  void autoSelectsOnlyWideVectorsAndByVariant() {
    assertEquals("none", FeaturePlanner.selection("auto", sparkwise.features.FeatureVariant.TREE, 500));
    assertEquals("importance", FeaturePlanner.selection("auto", sparkwise.features.FeatureVariant.TREE, 5000));
    assertEquals("univariate", FeaturePlanner.selection("auto", sparkwise.features.FeatureVariant.LINEAR, 5000));
    assertEquals("importance", FeaturePlanner.selection("importance", sparkwise.features.FeatureVariant.LINEAR, 10));
    assertEquals("variance", FeaturePlanner.selection("variance", sparkwise.features.FeatureVariant.TREE, 10));
  }

  @Test
  void aPlanWithImportanceSelectionFitsAndSavesAsAPlainPipeline() throws Exception {
    Dataset<Row> train = sparkwise.testing.TestData.churn(1500);
    LabelInfo label = TaskDetector.detect(train, "churned", "auto", 3);
    Dataset<Row> labelled = LabelIndex.add(train, "churned", label.task(), label.classes());
    List<String> features = new ArrayList<>(List.of("contract", "tenure_months", "monthly_charges", "city", "age"));
    Profile profile = Profiler.profile(labelled, features, LabelIndex.COLUMN);
    var cfg = new sparkwise.TrainConfig.Features("zscore", 32, List.of(), List.of(), "importance");
    FeaturePlan plan = FeaturePlanner.plan(profile, features, label, LabelIndex.COLUMN,
        sparkwise.features.FeatureVariant.TREE, cfg);
    assertTrue(plan.stages().stream().anyMatch(st -> st instanceof ImportanceSelector), plan.stages().toString());
    var model = new org.apache.spark.ml.Pipeline().setStages(plan.stages().toArray(org.apache.spark.ml.PipelineStage[]::new))
        .fit(labelled);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("importance-plan");
    model.save(dir.resolve("m").toString());
    var back = org.apache.spark.ml.PipelineModel.load(dir.resolve("m").toString());
    assertEquals(model.transform(labelled).select(plan.featuresCol()).collectAsList(),
        back.transform(labelled).select(plan.featuresCol()).collectAsList());
  }
}
