package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;

/**
 * Numeric columns with gaps in the training rows are imputed with their median; complete ones with
 * their mean, one aggregate rather than an approximate quantile per column, for a scored row's gap.
 */
class ImputationPlanTest {
  @Test
  void gapsGetTheMedianAndCompleteColumnsTheMean() throws Exception {
    // gappy: 1..100 with every 10th value missing and 10 outliers of 1e6; complete: skewed, no gaps
    Dataset<Row> rows = SharedSpark.session().range(1, 201).selectExpr(
        "CASE WHEN id % 10 = 0 THEN NULL WHEN id > 190 THEN 1e6 ELSE CAST(id AS DOUBLE) END AS gappy",
        "CASE WHEN id > 180 THEN 1e4 ELSE CAST(id AS DOUBLE) END AS complete",
        "CAST(id % 2 AS STRING) AS y");
    LabelInfo label = TaskDetector.detect(rows, "y", "binary", 3);
    Dataset<Row> labelled = LabelIndex.add(rows, "y", label.task(), label.classes());
    List<String> features = List.of("gappy", "complete");
    Profile profile = Profiler.profile(labelled, new ArrayList<>(features), LabelIndex.COLUMN);
    var cfg = new sparkwise.TrainConfig.Features("zscore", 32, List.of(), List.of(), "none");
    FeaturePlan plan = FeaturePlanner.plan(profile, features, label, LabelIndex.COLUMN, FeatureVariant.TREE, cfg);

    Map<String, String> strategy = new TreeMap<>();
    for (PipelineStage s : plan.stages()) {
      if (s instanceof Imputer imp) {
        for (String c : imp.getInputCols()) {
          strategy.put(c, imp.getStrategy());
        }
      }
    }
    // The safe names of the columns; the indicator of gappy's 10 % gaps has none itself.
    assertEquals(Map.of("f_complete", "mean", "f_gappy", "median", "f_gappy__missing", "mean"), strategy);

    PipelineModel model = new Pipeline().setStages(plan.stages().toArray(PipelineStage[]::new)).fit(labelled);
    Dataset<Row> gaps = SharedSpark.session().sql(
        "SELECT CAST(NULL AS DOUBLE) AS gappy, CAST(NULL AS DOUBLE) AS complete, '0' AS y");
    Row filled = model.transform(LabelIndex.add(gaps, "y", label.task(), label.classes()))
        .select("f_gappy__imp", "f_complete__imp").first();
    // The median of the 180 present values stays in 1..190; their mean is pulled up by the outliers.
    double median = filled.getDouble(0);
    assertTrue(median > 80 && median < 110, "median " + median);
    double mean = (180 * 181 / 2.0 + 20 * 1e4) / 200;
    assertEquals(mean, filled.getDouble(1), 1e-6);
  }
}
