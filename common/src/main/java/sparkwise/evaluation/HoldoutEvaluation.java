package sparkwise.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import sparkwise.Task;

/**
 * Every reported metric of a task over one predictions Dataset, computed from one cached copy: on
 * the driver from one collect when it is small enough ({@link LocalMetrics}), else by MLlib.
 */
public final class HoldoutEvaluation {
  private HoldoutEvaluation() {}

  public static Map<String, Double> evaluate(Dataset<Row> predictions, String labelCol, Task task) {
    Dataset<Row> cached = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return evaluateCached(cached, labelCol, task);
    } finally {
      cached.unpersist();
    }
  }

  /**
   * The same, where the caller knows the predictions are few enough for the driver ({@code small}:
   * from the split's share, no count needed): collected once, uncached.
   */
  public static Map<String, Double> evaluate(Dataset<Row> predictions, String labelCol, Task task, boolean small) {
    if (small) {
      var local = LocalMetrics.of(LocalMetrics.collect(predictions, labelCol, task), task, Metric.reported(task));
      if (local.isPresent()) {
        return local.get();
      }
    }
    return evaluate(predictions, labelCol, task);
  }

  /** The same over predictions the caller has cached (and will release). */
  public static Map<String, Double> evaluateCached(Dataset<Row> cached, String labelCol, Task task) {
    var local = LocalMetrics.of(cached, labelCol, task, Metric.reported(task));
    if (local.isPresent()) {
      return local.get();
    }
    return distributed(cached, labelCol, task);
  }

  /** MLlib's evaluators, one per metric: for tables too large to collect. */
  static Map<String, Double> distributed(Dataset<Row> cached, String labelCol, Task task) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric m : Metric.reported(task)) {
      out.put(m.id(), m.evaluator(labelCol, task).evaluate(cached));
    }
    return out;
  }
}
