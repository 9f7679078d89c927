package sparkwise.testing;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.TrainConfig;
import sparkwise.data.Splitter;
import sparkwise.features.DroppedColumn;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.Profiler;
import sparkwise.features.SanityChecks;
import sparkwise.features.TaskDetector;
import sparkwise.models.ModelFamily;

/** What a search runs on, built as {@code train} builds it: the churn table profiled, split and planned. */
public record SearchFixture(Dataset<Row> searchRows, Map<sparkwise.features.FeatureVariant, FeaturePlan> plans,
    TrainConfig cfg) {

  /** The churn table of {@code raw}'s rows, its non-holdout rows cached, one plan per family's variant. */
  public static SearchFixture of(Dataset<Row> raw, List<ModelFamily> families, long seed) {
    TrainConfig cfg = TrainConfig.defaults();
    LabelInfo label = TaskDetector.detect(raw, "churned", "auto", 3);
    Dataset<Row> labelled = LabelIndex.add(raw, "churned", label.task(), label.classes());
    List<String> cols = new ArrayList<>(List.of(raw.columns()));
    cols.remove("churned");
    Profile profile = Profiler.profile(labelled, cols, LabelIndex.COLUMN);
    List<String> features = new ArrayList<>(cols);
    SanityChecks.check(profile, cfg.features()).stream().map(DroppedColumn::column).forEach(features::remove);
    Dataset<Row> search = Splitter.split(labelled, LabelIndex.COLUMN, true, cfg.split(), seed)
        .filter(col(Splitter.HOLDOUT).equalTo(false)).cache();
    Map<sparkwise.features.FeatureVariant, FeaturePlan> plans = new EnumMap<>(sparkwise.features.FeatureVariant.class);
    for (ModelFamily f : families) {
      plans.put(f.variant(), FeaturePlanner.plan(profile, features, label, LabelIndex.COLUMN, f.variant(), cfg.features()));
    }
    return new SearchFixture(search, plans, cfg);
  }
}
