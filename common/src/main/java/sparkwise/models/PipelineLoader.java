package sparkwise.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.sql.SparkSession;
import sparkwise.data.SideBySide;

/**
 * {@code PipelineModel.load} with the stages read side by side. Reading a stage is one or more tiny
 * Spark jobs (its metadata, its data) whose time is the driver's planning and scheduling, and Spark
 * reads a pipeline's stages one after another: an ensemble of three members over two variants was
 * ~95 jobs and 11 s before the score's own query started. The folder is Spark's own layout, so
 * plain {@code PipelineModel.load} still reads what this reads.
 */
public final class PipelineLoader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineLoader() {}

  /** The pipeline model saved at {@code path}. */
  public static PipelineModel load(SparkSession spark, String path) {
    DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, spark,
        PipelineModel.class.getName());
    JsonNode uids;
    try {
      uids = JSON.readTree(md.metadataJson()).path("paramMap").path("stageUids");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the pipeline metadata of " + path, e);
    }
    if (!uids.isArray()) {
      return PipelineModel.load(path); // not the layout Spark writes today: let Spark read it
    }
    String stagesDir = new org.apache.hadoop.fs.Path(path, "stages").toString();
    int n = uids.size();
    List<Supplier<Transformer>> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String stagePath = Pipeline.SharedReadWrite$.MODULE$.getStagePath(uids.get(i).asText(), i, n, stagesDir);
      parts.add(() -> DefaultParamsReader$.MODULE$.loadParamsInstance(stagePath, spark));
    }
    List<Transformer> stages = SideBySide.run(spark.sparkContext(), parts, "sparkwise-model-load");
    return new PipelineModel(md.uid(), stages.toArray(Transformer[]::new));
  }
}
