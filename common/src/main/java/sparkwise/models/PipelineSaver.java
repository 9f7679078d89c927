package sparkwise.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.SparkSession;
import org.json4s.JArray;
import org.json4s.JObject;
import org.json4s.JString;
import org.json4s.JValue;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import sparkwise.data.ParamsMetadata;
import sparkwise.data.SideBySide;

/**
 * {@code PipelineModel.write().save} with the metadata and the stages written side by side, nested
 * pipelines too. Writing a stage is one or more tiny Spark jobs whose time is the driver's planning
 * and file commits, and Spark writes a pipeline's stages one after another: a saved ensemble was
 * ~25 such writes and 4-5 s of a 60 s run. The folder is Spark's own layout (the metadata's
 * {@code stageUids}, {@code stages/<index>_<uid>}), so plain {@code PipelineModel.load} reads it;
 * a {@link PipelineSnapshot} beside it lets Sparkwise read it back without a Spark job.
 */
public final class PipelineSaver {
  private PipelineSaver() {}

  /** Saves {@code model} at {@code path}, which must not exist yet (as Spark's writer without overwrite). */
  public static void save(SparkSession spark, PipelineModel model, String path) {
    try {
      Path p = new Path(path);
      if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new IOException("Path " + path + " already exists");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + path, e);
    }
    SideBySide.run(spark.sparkContext(), parts(spark, model, path), "sparkwise-model-save");
    PipelineSnapshot.write(spark, model, path);
  }

  /**
   * Saves each stage at its path (inside a folder a writer has just made), together with
   * {@code alongside} (a composite stage's own metadata), all of their parts side by side: a
   * pipeline's parts are its metadata and its stages.
   */
  public static void saveAll(SparkSession spark, java.util.Map<String, ? extends Transformer> byPath,
      Runnable alongside) {
    List<Supplier<Void>> parts = new ArrayList<>();
    parts.add(() -> {
      alongside.run();
      return null;
    });
    byPath.forEach((path, stage) -> parts.addAll(stage instanceof PipelineModel pm ? parts(spark, pm, path)
        : List.of(() -> {
          writeStage(spark, stage, path);
          return null;
        })));
    SideBySide.run(spark.sparkContext(), parts, "sparkwise-model-save");
  }

  /** Writing {@code model} at {@code path} as independent parts: its metadata, then one per stage. */
  private static List<Supplier<Void>> parts(SparkSession spark, PipelineModel model, String path) {
    Transformer[] stages = model.stages();
    List<JValue> uids = new ArrayList<>();
    for (Transformer t : stages) {
      uids.add(new JString(t.uid()));
    }
    JObject params = new JObject(CollectionConverters.asScala(
        List.of(new Tuple2<String, JValue>("stageUids", new JArray(CollectionConverters.asScala(uids).toList()))))
        .toList());
    List<Supplier<Void>> parts = new ArrayList<>();
    parts.add(() -> {
      ParamsMetadata.save(model, path, spark, Option.empty(), Option.apply(params));
      return null;
    });
    String stagesDir = new Path(path, "stages").toString();
    for (int i = 0; i < stages.length; i++) {
      Transformer stage = stages[i];
      String stagePath = Pipeline.SharedReadWrite$.MODULE$.getStagePath(stage.uid(), i, stages.length, stagesDir);
      if (stage instanceof PipelineModel nested) {
        parts.addAll(parts(spark, nested, stagePath));
      } else {
        parts.add(() -> {
          writeStage(spark, stage, stagePath);
          return null;
        });
      }
    }
    return parts;
  }

  private static void writeStage(SparkSession spark, Transformer stage, String path) {
    if (!(stage instanceof MLWritable w)) {
      throw new IllegalArgumentException("stage " + stage.uid() + " (" + stage.getClass().getName()
          + ") cannot be saved: it is not MLWritable");
    }
    try {
      MLWriter writer = w.write();
      if (writer.getClass() == DefaultParamsWriter.class) { // metadata only: no Spark job needed
        ParamsMetadata.save(stage, path, spark);
        return;
      }
      writer.session(spark).save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save stage " + stage.uid() + " to " + path, e);
    }
  }
}
