package sparkwise.registry;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/** One registered model version: where the model is and everything needed to trace it back. */
public record ModelVersion(
    String name,
    long version,
    Timestamp registeredAt,
    String registeredBy,
    String runId,
    String modelPath,
    String task,
    String label,
    String metric,
    Double cvMean,
    String holdoutJson,
    String bestModel,
    String paramsJson,
    List<String> features,
    String inputPath,
    String inputFormat,
    Long inputDeltaVersion,
    String configHash,
    Long seed,
    String sparkwiseVersion,
    String sparkVersion,
    String javaVersion,
    Map<String, String> tags) {

  public String ref() {
    return name + ":" + version;
  }

  ModelVersion withVersion(String newName, long v, Timestamp at, String by) {
    return new ModelVersion(newName, v, at, by, runId, modelPath, task, label, metric, cvMean, holdoutJson,
        bestModel, paramsJson, features, inputPath, inputFormat, inputDeltaVersion, configHash, seed,
        sparkwiseVersion, sparkVersion, javaVersion, tags);
  }

  ModelVersion withTags(Map<String, String> newTags) {
    return new ModelVersion(name, version, registeredAt, registeredBy, runId, modelPath, task, label, metric,
        cvMean, holdoutJson, bestModel, paramsJson, features, inputPath, inputFormat, inputDeltaVersion,
        configHash, seed, sparkwiseVersion, sparkVersion, javaVersion, newTags);
  }

  Row toRow() {
    return RowFactory.create(name, version, registeredAt, registeredBy, runId, modelPath, task, label, metric,
        cvMean, holdoutJson, bestModel, paramsJson, CollectionConverters.asScala(features).toSeq(), inputPath,
        inputFormat, inputDeltaVersion, configHash, seed, sparkwiseVersion, sparkVersion, javaVersion,
        scala.collection.immutable.Map.from(CollectionConverters.asScala(tags)));
  }

  static ModelVersion fromRow(Row r) {
    List<String> features = r.isNullAt(r.fieldIndex("features")) ? List.of() : r.getList(r.fieldIndex("features"));
    Map<String, String> tags = r.isNullAt(r.fieldIndex("tags")) ? Map.of() : r.getJavaMap(r.fieldIndex("tags"));
    return new ModelVersion(r.getAs("name"), r.<Long>getAs("version"), r.getAs("registered_at"),
        r.getAs("registered_by"), r.getAs("run_id"), r.getAs("model_path"), r.getAs("task"), r.getAs("label"),
        r.getAs("metric"), r.getAs("cv_mean"), r.getAs("holdout_json"), r.getAs("best_model"),
        r.getAs("params_json"), List.copyOf(features), r.getAs("input_path"), r.getAs("input_format"),
        r.getAs("input_delta_version"), r.getAs("config_hash"), r.getAs("seed"), r.getAs("sparkwise_version"),
        r.getAs("spark_version"), r.getAs("java_version"), new java.util.TreeMap<>(tags));
  }
}
