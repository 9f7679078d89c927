package sparkwise.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.TrainConfig;
import sparkwise.features.DroppedColumn;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.Profiler;
import sparkwise.features.TaskDetector;
import sparkwise.testing.TestData;

/** features.score_sample: drifted, emptied and missing columns are dropped with reasons; the rest stay. */
class TrainingDriftFilterTest {
  @Test
  void driftedEmptiedAndAbsentColumnsAreDroppedWithReasons() {
    Dataset<Row> train = TestData.churn(3000);
    Dataset<Row> sample = TestData.churn(1500)
        .withColumn("monthly_charges", org.apache.spark.sql.functions.col("monthly_charges").plus(400))
        .withColumn("contract", org.apache.spark.sql.functions.lit(null).cast("string"))
        .drop("tenure_months");
    LabelInfo label = TaskDetector.detect(train, "churned", "auto", 3);
    Dataset<Row> labelled = LabelIndex.add(train, "churned", label.task(), label.classes());
    List<String> features = new ArrayList<>(List.of(train.columns()));
    features.remove("churned");
    Profile profile = Profiler.profile(labelled, features, LabelIndex.COLUMN);
    features.removeIf(f -> f.equals("customer_id") || f.equals("country"));
    TrainConfig.Features cfg = new TrainConfig.Features("zscore", 32, List.of(), List.of(), "auto", "sample", 0.2, 0.5, 1000);

    Map<String, String> dropped = TrainingDriftFilter.check(labelled, sample, profile, features, label, cfg).stream()
        .collect(Collectors.toMap(DroppedColumn::column, DroppedColumn::reason));

    assertTrue(dropped.get("monthly_charges").contains("Jensen-Shannon"), dropped.toString());
    assertTrue(dropped.get("contract").contains("fill rate"), dropped.toString());
    assertTrue(dropped.get("tenure_months").contains("absent"), dropped.toString());
    assertEquals(3, dropped.size(), "columns with the same distribution stay: " + dropped);

    TrainConfig.Features keep = new TrainConfig.Features("zscore", 32, List.of(), List.of("contract"), "auto", "s", 0.2, 0.5, 1000);
    assertTrue(TrainingDriftFilter.check(labelled, sample, profile, features, label, keep).stream()
        .noneMatch(d -> d.column().equals("contract")), "features.keep overrides");
  }

  @Test
  void jensenShannonIsZeroForEqualSharesAndOneForDisjointOnes() {
    assertEquals(0, TrainingDriftFilter.jensenShannon(new long[] {10, 20, 30}, new long[] {1, 2, 3}), 1e-12);
    assertEquals(1, TrainingDriftFilter.jensenShannon(new long[] {10, 0}, new long[] {0, 5}), 1e-12);
  }
}
