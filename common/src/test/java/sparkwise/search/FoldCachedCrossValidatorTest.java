package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.TestData;

/** The public tuner: CrossValidator's configuration and answer, without refitting the preprocessing. */
class FoldCachedCrossValidatorTest {

  @Test
  void sameMetricsAndModelAsCrossValidatorAndAPlainCrossValidatorModelOnDisk(@TempDir Path dir) throws Exception {
    Dataset<Row> data = TestData.churn(600).selectExpr("tenure_months", "monthly_charges", "total_charges",
        "support_calls", "contract", "CASE WHEN churned = 'yes' THEN 1.0 ELSE 0.0 END AS label").cache();
    StringIndexer contract = new StringIndexer().setInputCol("contract").setOutputCol("contract_ix");
    Imputer imputer = new Imputer().setInputCols(new String[] {"total_charges"})
        .setOutputCols(new String[] {"total_charges_f"});
    VectorAssembler assembler = new VectorAssembler().setInputCols(
        new String[] {"tenure_months", "monthly_charges", "total_charges_f", "support_calls", "contract_ix"})
        .setOutputCol("raw");
    StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features");
    LogisticRegression lr = new LogisticRegression().setMaxIter(10); // the iterations are not what is compared
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {contract, imputer, assembler, scaler, lr});
    ParamMap[] maps = new ParamGridBuilder()
        .addGrid(lr.regParam(), new double[] {0.001, 0.5})
        .addGrid(lr.elasticNetParam(), new double[] {0.0, 1.0})
        .build();
    BinaryClassificationEvaluator eval = new BinaryClassificationEvaluator();

    assertEquals(4, FoldCachedCrossValidator.sharedPrefixLength(pipeline, maps));
    CrossValidatorModel spark = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(maps)
        .setEvaluator(eval).setNumFolds(3).setSeed(17).setParallelism(2).fit(data);
    FoldCachedCrossValidator tuner = new FoldCachedCrossValidator();
    tuner.setEstimator(pipeline).setEstimatorParamMaps(maps).setEvaluator(eval).setNumFolds(3).setSeed(17)
        .setParallelism(2);
    CrossValidatorModel ours = tuner.fit(data);

    assertArrayEquals(spark.avgMetrics(), ours.avgMetrics(), 1e-9);
    assertEquals(17L, ours.getSeed());
    assertEquals(tuner, ours.parent());

    // The fitted model is a plain CrossValidatorModel on disk; the tuner itself saves and loads too.
    ours.write().save(dir.resolve("model").toString());
    CrossValidatorModel loaded = CrossValidatorModel.load(dir.resolve("model").toString());
    assertArrayEquals(ours.avgMetrics(), loaded.avgMetrics(), 0.0);
    assertEquals(eval.evaluate(ours.transform(data)), eval.evaluate(loaded.transform(data)), 1e-12);
    assertEquals(eval.evaluate(spark.transform(data)), eval.evaluate(loaded.transform(data)), 1e-9);
    tuner.write().save(dir.resolve("tuner").toString());
    FoldCachedCrossValidator back = FoldCachedCrossValidator.load(dir.resolve("tuner").toString());
    assertEquals(3, back.getNumFolds());
    assertEquals(4, back.getEstimatorParamMaps().length);
    assertInstanceOf(Pipeline.class, back.getEstimator());
  }
}
