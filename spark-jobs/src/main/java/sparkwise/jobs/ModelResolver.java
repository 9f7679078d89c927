package sparkwise.jobs;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import sparkwise.models.SavedModel;
import sparkwise.registry.ModelRef;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;

/** Turns a {@code --model REF} into a loaded model and, for registry references, its version. */
record ModelResolver(SavedModel model, Optional<ModelVersion> version) {
  static ModelResolver resolve(SparkSession spark, String warehouse, String ref) {
    ModelRef r = ModelRef.parse(ref);
    Optional<ModelVersion> v = new ModelRegistry(spark, warehouse).resolve(r);
    SavedModel m = SavedModel.load(v.map(ModelVersion::modelPath).orElse(ref));
    return new ModelResolver(m, v);
  }

  String describe() {
    return version.map(v -> v.ref() + " (" + model.path() + ")").orElse(model.path());
  }
}
