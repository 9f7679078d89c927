package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.train.FeatureImportance;

/**
 * The report's feature importance of an XGBoost pipeline: XGBoost's total gain per feature, named
 * from the feature vector's attributes as they stand after the stages before the model, largest
 * first, normalised to 1; features the trees never split on are left out.
 */
class XGBoostImportanceTest {
  @Test
  void gainIsNamedFromTheAssembledVectorAndLeavesUnusedFeaturesOut() {
    Dataset<Row> d = XGBoostStageTest.data("binary");
    XGBoostStage stage = XGBoostStageTest.stage("binary");
    stage.set(stage.singleNodeMaxBytes(), 64L << 20); // on the driver: no barrier stage for 600 rows
    XGBoostStageModel xgb = stage.fit(d);
    // The vector is assembled by a stage before the model: its names exist only after that stage.
    Transformer assemble = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d", "e"})
        .setOutputCol("features");
    ObjectNode fi = FeatureImportance.of(new PipelineModel("p", new Transformer[] {assemble, xgb}),
        d.drop("features")).orElseThrow();

    assertEquals("XGBoost total gain", fi.get("source").asText());
    List<String> names = new ArrayList<>();
    double total = 0;
    for (JsonNode f : fi.get("features")) {
      names.add(f.get("name").asText());
      total += f.get("importance").asDouble();
    }
    // y = 2a - b: a first, then b; c, d and e are all zeros and never split on.
    assertEquals(List.of("a", "b"), names);
    assertEquals(1.0, total, 1e-9);
  }
}
