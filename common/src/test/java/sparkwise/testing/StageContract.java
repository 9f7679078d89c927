package sparkwise.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The contract every custom stage passes (after Spark's DefaultReadWriteTest): save, refuse a
 * second save without overwrite, load with plain {@link PipelineModel#load}, same uid, same
 * params and the same output.
 */
public final class StageContract {
  private StageContract() {}

  public static void check(Transformer stage, Dataset<Row> input, String orderBy) throws IOException {
    Path dir = Files.createTempDirectory("stage-contract");
    String path = dir.resolve("stage").toString();
    ((MLWritable) stage).save(path);
    assertThrows(IOException.class, () -> ((MLWritable) stage).save(path), "a second save must not overwrite");

    PipelineModel inPipeline = new Pipeline().setStages(new PipelineStage[] {stage}).fit(input);
    String pipelinePath = dir.resolve("pipeline").toString();
    inPipeline.save(pipelinePath);
    PipelineModel loaded = PipelineModel.load(pipelinePath);
    Transformer back = loaded.stages()[0];
    assertEquals(stage.uid(), back.uid(), "uid");
    assertEquals(stage.getClass(), back.getClass(), "class");
    for (Param<?> p : stage.params()) {
      Object a = stage.getOrDefault(p);
      Object b = back.getOrDefault(back.getParam(p.name()));
      if (a instanceof Object[] arr) {
        assertArrayEquals(arr, (Object[]) b, p.name());
      } else if (a != null && a.getClass().isArray()) {
        org.junit.jupiter.api.Assertions.assertTrue(java.util.Objects.deepEquals(a, b), p.name());
      } else {
        assertEquals(a, b, p.name());
      }
    }
    DatasetAssertions.assertSameRows(stage.transform(input), back.transform(input), 1e-12, orderBy);
  }
}
