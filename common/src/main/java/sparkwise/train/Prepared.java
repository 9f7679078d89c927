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
 * and the columns dropped (with reasons), and the input with its label index.
 */
record Prepared(LabelInfo label, Task task, Metric metric, Profile profile, List<String> features,
    List<DroppedColumn> dropped, Dataset<Row> labelled) {}
