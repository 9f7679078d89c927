package sparkwise.registry;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import sparkwise.InputInfo;
import sparkwise.models.SavedModel;
import sparkwise.tracking.UsageLog;

/**
 * A model reference ({@code NAME@ALIAS}, {@code NAME:VERSION} or a model folder path) turned into
 * the loaded model and, for a registry reference, its version.
 */
public record ResolvedModel(SavedModel model, Optional<ModelVersion> version) {

  public static ResolvedModel resolve(SparkSession spark, String warehouse, String ref) {
    Optional<ModelVersion> v = new ModelRegistry(spark, warehouse).resolve(ModelRef.parse(ref));
    return new ResolvedModel(SavedModel.load(v.map(ModelVersion::modelPath).orElse(ref)), v);
  }

  /** The reference as messages show it: the version and its folder, or the folder alone. */
  public String describe() {
    return version.map(v -> v.ref() + " (" + model.path() + ")").orElse(model.path());
  }

  /** What the usage tables record of this model applied to {@code input}. */
  public UsageLog.Use use(InputInfo input) {
    return new UsageLog.Use(version.map(ModelVersion::name).orElse(null), version.map(ModelVersion::version).orElse(null),
        model.path(), input.path(), input.deltaVersion());
  }
}
