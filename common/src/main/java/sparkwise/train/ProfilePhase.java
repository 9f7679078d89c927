package sparkwise.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Errors;
import sparkwise.SparkwiseException;
import sparkwise.Task;
import sparkwise.data.DataSource;
import sparkwise.data.Interpreted;
import sparkwise.data.TableRef;
import sparkwise.evaluation.Metric;
import sparkwise.features.Cleaning;
import sparkwise.features.DroppedColumn;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.Profiler;
import sparkwise.features.SanityChecks;
import sparkwise.features.TaskDetector;
import sparkwise.monitoring.TrainingDriftFilter;

/** The profile phase: label and task, one profile of every column, and the columns to drop. */
final class ProfilePhase {
  private ProfilePhase() {}

  static Prepared run(RunContext ctx, Dataset<Row> raw) {
    var cfg = ctx.cfg();
    ctx.progress().phase("profiling " + ctx.opts().input().path());
    sparkwise.data.PausePoints.reach(sparkwise.data.PausePoints.PROFILE);
    int folds = cfg.split().mode().equals("kfold") ? cfg.split().folds() : 2;
    LabelInfo label = readLabel(ctx, raw, folds);
    Task task = label.task();
    Metric metric = Metric.resolve(cfg.metric(), task);
    Dataset<Row> labelled = LabelIndex.add(raw, label.name(), task, label.classes());
    List<String> candidates = new ArrayList<>();
    for (String c : raw.columns()) {
      if (!c.equals(label.name())) {
        candidates.add(c);
      }
    }
    // The labelled rows are the label's non-null ones, counted with its values: no second count.
    Profile profile = Profiler.profile(labelled, candidates, LabelIndex.COLUMN, label.usableRows());
    List<DroppedColumn> dropped = new ArrayList<>(SanityChecks.check(profile, cfg.features(),
        ctx.clock().budgetMillis() / 1000));
    List<String> features = new ArrayList<>(candidates);
    dropped.forEach(d -> features.remove(d.column()));
    if (cfg.features().scoreSample() != null) {
      ctx.progress().phase("comparing the features with the score sample " + cfg.features().scoreSample());
      Dataset<Row> sample = DataSource.read(ctx.spark(),
          TableRef.parse("features.score_sample", cfg.features().scoreSample())).data();
      List<DroppedColumn> drifted = TrainingDriftFilter.check(labelled, sample, profile, features, label,
          cfg.features());
      dropped.addAll(drifted);
      drifted.forEach(d -> features.remove(d.column()));
    }
    if (features.isEmpty()) {
      throw Errors.data("input table", "no usable feature column is left after the checks: " + dropped);
    }
    // One line per reason when many columns share it (a wide table's screen drops thousands).
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    dropped.forEach(d -> byReason.computeIfAbsent(d.reason(), r -> new ArrayList<>()).add(d.column()));
    byReason.forEach((reason, cols) -> {
      if (cols.size() > 3) {
        ctx.progress().phase(String.format("dropping %,d columns ('%s', '%s', ...): %s", cols.size(), cols.get(0),
            cols.get(1), reason));
      } else {
        cols.forEach(c -> ctx.progress().phase("dropping column '" + c + "': " + reason));
      }
    });
    ctx.progress().phase(String.format(
        "task %s, label '%s', %d rows (%d with a null label dropped), %d features, metric %s",
        task.id(), label.name(), label.usableRows(), label.nullRows(), features.size(), metric.id()));
    if (Prepared.narrows(features.size(), candidates.size())) {
      // Most columns dropped (a wide table's screen): they leave the rows here, as every later
      // query plan costs time per column.
      List<String> kept = new ArrayList<>(features);
      kept.add(label.name());
      kept.add(LabelIndex.COLUMN);
      if (cfg.split().timeColumn() != null && !kept.contains(cfg.split().timeColumn())) {
        kept.add(cfg.split().timeColumn()); // the split orders by it, feature or not
      }
      labelled = labelled.select(kept.stream().map(Cleaning::ref).toArray(Column[]::new));
      if (Interpreted.smallCells(label.usableRows(), kept.size())) {
        // Few rows: kept as they are now, so that no later query plan has the input's thousands
        // of columns beneath it. Spark's analyzer walks them at every step of every query: on
        // 500 rows x 5,000 columns, 6 s of the holdout phase and as much of the refit.
        labelled = labelled.localCheckpoint(true);
      }
    }
    return new Prepared(label, task, metric, profile, List.copyOf(features), List.copyOf(dropped), labelled);
  }

  /** The first Spark job over the input: a failure here means the input cannot be read. */
  private static LabelInfo readLabel(RunContext ctx, Dataset<Row> raw, int folds) {
    try {
      return TaskDetector.detect(raw, ctx.cfg().label(), ctx.cfg().task(), folds);
    } catch (SparkwiseException e) {
      throw e;
    } catch (Exception e) {
      throw Errors.unreadableInput(ctx.opts().input().path(), ctx.opts().input().format(), e);
    }
  }
}
