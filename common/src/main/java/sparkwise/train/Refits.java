package sparkwise.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Task;
import sparkwise.ensemble.EnsembleFitter;
import sparkwise.ensemble.Ensembler;
import sparkwise.features.FeaturePlan;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.models.SavedModel;
import sparkwise.data.StagewiseFit;
import sparkwise.TrialResult;

/** Fits a chosen trial or ensemble as one plain {@link PipelineModel}: preprocessing, model, label decoder. */
final class Refits {
  private Refits() {}

  /**
   * {@code prefixes}: each variant's first stages already fitted on these same rows (the search's
   * unsupervised prefix on the training rows), applied rather than fitted again; empty for other rows.
   */
  static PipelineModel single(TrialResult best, Map<FeatureVariant, FeaturePlan> plans, Dataset<Row> rows,
      LabelInfo label, Task task, long seed, Map<FeatureVariant, List<Transformer>> prefixes) {
    ModelFamily family = ModelCatalog.get(best.candidate().family());
    FeaturePlan plan = plans.get(family.variant());
    List<PipelineStage> stages = new ArrayList<>(plan.stages());
    stages.add(family.estimator(task, best.fitParams(),
        new ModelFamily.EstimatorContext(plan.featuresCol(), LabelIndex.COLUMN, seed, plan.maxCategories())));
    if (task.isClassification()) {
      stages.add(labelDecoder(label));
    }
    return StagewiseFit.fit(stages, prefixes.getOrDefault(family.variant(), List.of()), rows);
  }

  static PipelineModel ensemble(Ensembler.Result e, Map<FeatureVariant, FeaturePlan> plans, Dataset<Row> rows,
      LabelInfo label, Task task, long seed, Map<FeatureVariant, List<Transformer>> prefixes) {
    EnsembleFitter.Fitted f = EnsembleFitter.fit(e, plans, rows, task, LabelIndex.COLUMN, seed, prefixes);
    List<Transformer> stages = new ArrayList<>(List.of(f.guard(), f.ensemble()));
    if (task.isClassification()) {
      stages.add(labelDecoder(label));
    }
    return new PipelineModel(Identifiable.randomUID("pipeline"), stages.toArray(Transformer[]::new));
  }

  private static IndexToString labelDecoder(LabelInfo label) {
    return new IndexToString().setInputCol("prediction").setOutputCol(SavedModel.PREDICTED_LABEL)
        .setLabels(label.classes().toArray(String[]::new));
  }
}
