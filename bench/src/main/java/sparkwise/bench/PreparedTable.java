package sparkwise.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.evaluation.Metric;
import sparkwise.features.DroppedColumn;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.Profiler;
import sparkwise.features.SanityChecks;
import sparkwise.features.TaskDetector;

/**
 * A table as the benchmarks search it: label and task detected, label indexed, every column
 * profiled and the columns the sanity checks drop left out (what train's profile phase does).
 */
record PreparedTable(LabelInfo label, Task task, Metric metric, Dataset<Row> labelled, Profile profile,
    List<String> features) {

  static PreparedTable of(Dataset<Row> raw, String labelCol, TrainConfig cfg) {
    LabelInfo label = TaskDetector.detect(raw, labelCol, "auto", cfg.split().folds());
    Task task = label.task();
    Dataset<Row> labelled = LabelIndex.add(raw, label.name(), task, label.classes());
    List<String> cols = new ArrayList<>(List.of(raw.columns()));
    cols.remove(label.name());
    Profile profile = Profiler.profile(labelled, cols, LabelIndex.COLUMN);
    List<String> features = new ArrayList<>(cols);
    SanityChecks.check(profile, cfg.features()).stream().map(DroppedColumn::column).forEach(features::remove);
    return new PreparedTable(label, task, Metric.resolve("auto", task), labelled, profile, features);
  }
}
