package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.StageContract;

/**
 * XGBoost through the Sparkwise stage: sparse feature rows are read as zeros (not missing), the
 * booster round-trips through a saved PipelineModel, and all three tasks fit.
 */
class XGBoostStageTest {
  /** 600 rows, mostly zeros (so VectorAssembler emits sparse vectors): y depends on a and b. */
  static Dataset<Row> data(String kind) {
    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double a = r.nextInt(4) == 0 ? r.nextGaussian() : 0.0;
      double b = r.nextInt(3) == 0 ? r.nextGaussian() : 0.0;
      double z = 2 * a - b + 0.05 * r.nextGaussian();
      double y = switch (kind) {
        case "binary" -> z > 0.1 ? 1 : 0;
        case "multiclass" -> z > 0.5 ? 2 : z > -0.2 ? 1 : 0;
        default -> z;
      };
      rows.add(RowFactory.create(i, a, b, 0.0, 0.0, 0.0, y));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType);
    for (String c : List.of("a", "b", "c", "d", "e", "label")) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    Dataset<Row> df = SharedSpark.session().createDataFrame(rows, schema);
    return new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d", "e"}).setOutputCol("features")
        .transform(df);
  }

  static XGBoostStage stage(String task) {
    return new XGBoostStage().setTask(task).setNumRound(60);
  }

  @Test
  void binaryLearnsFromSparseRowsAndPassesTheStageContract() throws Exception {
    Dataset<Row> d = data("binary");
    assertTrue(d.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> r.getAs("features") instanceof org.apache.spark.ml.linalg.SparseVector).count() > 300,
        "the input really is sparse");
    XGBoostStageModel m = stage("binary").fit(d);
    double auc = new BinaryClassificationEvaluator().setRawPredictionCol("probability").evaluate(m.transform(d));
    assertTrue(auc > 0.95, "auc " + auc);
    // Sparse and dense forms of the same rows score the same: absent entries are zeros, not missing.
    Dataset<Row> dense = d.withColumn("features", org.apache.spark.ml.functions.array_to_vector(
        org.apache.spark.ml.functions.vector_to_array(d.col("features"), "float64")));
    sparkwise.testing.DatasetAssertions.assertSameRows(m.transform(d).select("id", "probability"),
        m.transform(dense).select("id", "probability"), 1e-9, "id");
    StageContract.check(m, d, "id");
  }

  /**
   * A sample that misses the rarest class (a StringIndexer gives it the highest index) still trains
   * a booster over every class the label declares, so the model scores rows of that class.
   */
  @Test
  void aSingleNodeFitKeepsTheClassesTheLabelDeclaresWhenItsRowsMissOne() {
    Dataset<Row> mc = data("multiclass").filter("label < 2");
    var meta = org.apache.spark.ml.attribute.NominalAttribute.defaultAttr().withName("label")
        .withValues(new String[] {"common", "middle", "rare"}).toMetadata();
    Dataset<Row> declared = mc.withColumn("label", mc.col("label").as("label", meta));
    XGBoostStage s = stage("multiclass");
    s.set(s.singleNodeMaxBytes(), 64L << 20);
    XGBoostStageModel m = s.fit(declared);
    assertEquals(3, m.getOrDefault(m.numClasses()));
    var p = (org.apache.spark.ml.linalg.Vector) m.transform(declared).select("probability").first().get(0);
    assertEquals(3, p.size(), "a probability for every declared class");
    XGBoostStageModel unlabelled = s.fit(mc);
    assertEquals(2, unlabelled.getOrDefault(unlabelled.numClasses()), "without metadata: the classes the rows show");
  }

  @Test
  void multiclassAndRegressionFit() throws Exception {
    Dataset<Row> mc = data("multiclass");
    XGBoostStageModel m = stage("multiclass").fit(mc);
    assertEquals(3, m.getOrDefault(m.numClasses()));
    Dataset<Row> out = m.transform(mc);
    assertTrue(out.filter("prediction = label").count() > 480, "multiclass accuracy");
    StageContract.check(m, mc, "id");

    Dataset<Row> reg = data("regression");
    XGBoostStageModel r = stage("regression").fit(reg);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(r.transform(reg));
    assertTrue(r2 > 0.8, "r2 " + r2);
    StageContract.check(r, reg, "id");
  }

  /**
   * Scoring in the JVM gives XGBoost's own columns and values, missing values included, and stays
   * one query: no RDD of rows in its plan (XGBoost's scoring is one).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"binary", "multiclass", "regression"})
  void jvmScoringEqualsXGBoostsOwn(String task) {
    Dataset<Row> d = data(task);
    // Some missing values: every fifth row's features get a NaN (XGBoost's missing value).
    Dataset<Row> withMissing = d.withColumn("features", org.apache.spark.sql.functions.when(
        org.apache.spark.sql.functions.expr("id % 5 = 0"),
        org.apache.spark.ml.functions.array_to_vector(org.apache.spark.sql.functions.transform(
            org.apache.spark.ml.functions.vector_to_array(d.col("features"), "float64"),
            (x, i) -> org.apache.spark.sql.functions.when(i.equalTo(1), Double.NaN).otherwise(x))))
        .otherwise(d.col("features")));
    XGBoostStageModel m = stage(task).fit(d);
    Dataset<Row> jvm = m.transform(withMissing);
    Dataset<Row> xgb = m.xgboostTransform(withMissing);
    assertEquals(java.util.Arrays.toString(xgb.schema().fieldNames()), java.util.Arrays.toString(jvm.schema().fieldNames()));
    for (var f : xgb.schema().fields()) {
      assertEquals(f.dataType(), jvm.schema().apply(f.name()).dataType(), f.name());
    }
    String plan = jvm.queryExecution().analyzed().treeString();
    assertTrue(!plan.contains("LogicalRDD") && !plan.contains("ExternalRDD"), "one query, no RDD: " + plan);
    List<String> cols = new ArrayList<>(List.of("id", "prediction"));
    if (!"regression".equals(task)) {
      cols.addAll(List.of("probability", "rawPrediction"));
    }
    sparkwise.testing.DatasetAssertions.assertSameRows(
        xgb.select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)),
        jvm.select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)),
        1e-6, "id");
  }
}
