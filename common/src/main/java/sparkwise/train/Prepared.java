package sparkwise.train;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Task;
import sparkwise.evaluation.Metric;
import sparkwise.features.DroppedColumn;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;

/**
 * What the profile phase hands on: the label and task, the metric, the profile, the features kept
 * and the columns dropped (with reasons), and the input with its label index. {@code sampledRows}
 * is the expected size of the sample {@code labelled} was cut to for the budget (0: every row).
 */
record Prepared(LabelInfo label, Task task, Metric metric, Profile profile, List<String> features,
    List<DroppedColumn> dropped, Dataset<Row> labelled, long sampledRows) {

  Prepared(LabelInfo label, Task task, Metric metric, Profile profile, List<String> features,
      List<DroppedColumn> dropped, Dataset<Row> labelled) {
    this(label, task, metric, profile, features, dropped, labelled, 0);
  }

  /** The rows the run trains and evaluates on: the table's usable rows, or the budget's sample of them. */
  long rows() {
    return sampledRows > 0 ? sampledRows : label.usableRows();
  }

  /**
   * Whether the profile left fewer than half of the {@code candidates} columns as {@code features}
   * (a wide table's screen): then the rows it hands on hold only those.
   */
  static boolean narrows(int features, int candidates) {
    return features < candidates / 2;
  }

  /** {@link #narrows} for this run: its features against every column it started with but the label. */
  boolean narrowed() {
    return narrows(features.size(), features.size() + dropped.size());
  }

  /** This, trained on {@code rows} (about {@code expectedRows} of the table's). */
  Prepared sampled(Dataset<Row> rows, long expectedRows) {
    return new Prepared(label, task, metric, profile, features, dropped, rows, expectedRows);
  }
}
