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
}
