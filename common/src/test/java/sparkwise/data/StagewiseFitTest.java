package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;

/** A stage-by-stage fit gives Pipeline.fit's model, and a small run's later stages fit on materialised rows. */
class StagewiseFitTest {
  /** A scaler that remembers whether the rows it was fitted on were read from a checkpoint. */
  static final class RecordingScaler extends StandardScaler {
    final List<String> inputs = new ArrayList<>();

    @Override
    public StandardScalerModel fit(Dataset<?> rows) {
      inputs.add(rows.queryExecution().analyzed().treeString().contains("LogicalRDD") ? "checkpoint" : "recomputed");
      return super.fit(rows);
    }
  }

  @Test
  void fitsWhatPipelineFitsAndMaterialisesBetweenStagesOnlyWhenSmall() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> rows = spark.range(400).selectExpr("id", "cast(id % 7 as string) as city", "id * 0.5 + (id % 3) as x");
    RecordingScaler scaler = new RecordingScaler();
    scaler.setInputCol("v").setOutputCol("scaled").setWithMean(true);
    List<PipelineStage> stages = List.of(
        new StringIndexer().setInputCol("city").setOutputCol("city_i"),
        new VectorAssembler().setInputCols(new String[] {"city_i", "x"}).setOutputCol("v"),
        scaler);

    List<Row> expected = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(rows)
        .transform(rows).select("id", "scaled").orderBy("id").collectAsList();
    List<Row> compiled = StagewiseFit.fit(stages, rows).transform(rows).select("id", "scaled").orderBy("id").collectAsList();
    List<Row> interpreted;
    try (Interpreted ignored = Interpreted.whenSmall(rows)) {
      interpreted = StagewiseFit.fit(stages, rows).transform(rows).select("id", "scaled").orderBy("id").collectAsList();
    }
    assertEquals(expected, compiled);
    assertEquals(expected, interpreted);
    assertEquals(3, scaler.inputs.size());
    assertFalse(scaler.inputs.get(1).equals("checkpoint"), "a large run keeps Pipeline.fit's plan: " + scaler.inputs);
    assertTrue(scaler.inputs.get(2).equals("checkpoint"), "a small run fits later stages on checkpointed rows: " + scaler.inputs);
  }
}
