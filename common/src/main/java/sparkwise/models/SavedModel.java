package sparkwise.models;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.Errors;
import sparkwise.Task;
import sparkwise.data.Interpreted;
import sparkwise.evaluation.HoldoutEvaluation;
import sparkwise.features.Cleaning;
import sparkwise.features.LabelIndex;
import sparkwise.features.SchemaGuard;

/**
 * A model saved by {@code train}: a plain {@link PipelineModel} whose first stage, a
 * {@link SchemaGuard}, says what it expects. Scoring and evaluation go through here.
 */
public final class SavedModel {
  public static final String PREDICTED_LABEL = "predicted_label";

  private final String path;
  private final PipelineModel pipeline;
  private final SchemaGuard guard;
  private final Task task;
  private final List<String> classes;

  private SavedModel(String path, PipelineModel pipeline) {
    this.path = path;
    this.pipeline = pipeline;
    Transformer first = pipeline.stages().length == 0 ? null : pipeline.stages()[0];
    if (!(first instanceof SchemaGuard g)) {
      throw Errors.data(path, "is a Spark model but not one Sparkwise trained (no SchemaGuard stage)");
    }
    this.guard = g;
    this.task = Task.fromId(g.getTask());
    List<String> labels = new ArrayList<>();
    for (Transformer t : pipeline.stages()) {
      if (t instanceof IndexToString its) {
        labels = Arrays.asList(its.getLabels());
      }
    }
    this.classes = labels;
  }

  public static SavedModel load(String path) {
    PipelineModel p;
    try {
      // The snapshot train wrote beside the stages when it is there and current; otherwise dozens
      // of tiny metadata and data reads, each its own query: generated code would be compiled for
      // every one of them. They run side by side (PipelineLoader).
      SparkSession spark = SparkSession.active();
      p = PipelineSnapshot.read(spark, path)
          .orElseGet(() -> Interpreted.run(spark, () -> PipelineLoader.load(spark, path)));
    } catch (Exception e) { // Spark and Hadoop also throw checked exceptions undeclared
      if (e instanceof sparkwise.SparkwiseException) {
        throw e;
      }
      throw Errors.data(path, "is not a saved Sparkwise model (" + Errors.firstLine(e) + ")");
    }
    return new SavedModel(path, p);
  }

  public String path() { return path; }

  public PipelineModel pipeline() { return pipeline; }

  public Task task() { return task; }

  public String label() { return guard.getLabelCol(); }

  public List<String> inputColumns() { return List.of(guard.getInputCols()); }

  /**
   * Predictions for every row: the input columns unchanged, then {@code prediction} (in the
   * label's own values and type) and, for classification, {@code probability} (one entry per
   * class, in class order). The input schema is checked before any Spark job starts.
   */
  public Dataset<Row> score(Dataset<Row> input) {
    guard.transformSchema(input.schema());
    // A table scored before is scored again: its prediction and probability are replaced, and
    // left in they clashed with the pipeline's own columns of those names.
    Dataset<Row> in = input;
    for (String c : input.columns()) {
      if ((c.equalsIgnoreCase("prediction") || c.equalsIgnoreCase("probability")) && !inputColumns().contains(c)) {
        in = in.drop(c);
      }
    }
    Dataset<Row> out = pipeline.transform(in);
    List<Column> cols = new ArrayList<>();
    for (String c : in.columns()) {
      if (!c.equals("prediction") && !c.equals("probability")) {
        cols.add(Cleaning.ref(c));
      }
    }
    if (task.isClassification()) {
      String type = guard.getLabelType();
      Column pred = col(PREDICTED_LABEL);
      cols.add((type.equals("string") ? pred : pred.cast(type)).as("prediction"));
      cols.add(functions.vector_to_array(col("probability"), "float64").as("probability"));
    } else {
      cols.add(col("prediction"));
    }
    return out.select(cols.toArray(Column[]::new));
  }

  /**
   * The holdout metrics of this model on a labelled table (same keys as the train summary), over
   * the rows whose label is set. Refused (a data error) when no row has a label, or when some carry a
   * class the model never saw in training: it cannot predict those, and leaving them out would
   * flatter the metrics.
   */
  public Map<String, Double> evaluate(Dataset<Row> labelled, String labelCol) {
    String label = resolve(labelled, labelCol);
    guard.transformSchema(labelled.schema());
    checkLabels(labelled, label);
    Dataset<Row> indexed = LabelIndex.add(labelled, label, task, classes);
    return HoldoutEvaluation.evaluate(pipeline.transform(indexed), LabelIndex.COLUMN, task);
  }

  /** A file train saved next to the model (summary, profile, drift baseline), if present. */
  public java.util.Optional<String> sidecar(String name) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path, name);
    try {
      var conf = org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration();
      var fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return java.util.Optional.empty();
      }
      try (var in = fs.open(p)) {
        return java.util.Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException e) {
      throw Errors.storage(p.toString(), "cannot read", e);
    }
  }

  /** The guard stage: the training columns, their kinds and the label. */
  public SchemaGuard guard() { return guard; }

  /** One aggregation: labelled rows, and the most frequent label values outside the training classes. */
  private void checkLabels(Dataset<Row> labelled, String label) {
    Column text = Cleaning.text(Cleaning.ref(label));
    Dataset<Row> present = labelled.select(text.as("v")).filter(col("v").isNotNull());
    if (!task.isClassification()) {
      if (present.filter(col("v").try_cast("double").isNotNull()).isEmpty()) {
        throw Errors.unusableLabel(label, "has no numeric value in any row of this table; nothing to evaluate");
      }
      return;
    }
    List<Row> unseen = classes.isEmpty() ? List.of() : present.filter(org.apache.spark.sql.functions.not(col("v").isin(classes.toArray())))
        .groupBy("v").count().orderBy(org.apache.spark.sql.functions.desc("count")).limit(5).collectAsList();
    if (!unseen.isEmpty()) {
      String values = unseen.stream().map(r -> "'" + r.getString(0) + "' (" + r.getLong(1) + " rows)")
          .collect(java.util.stream.Collectors.joining(", "));
      throw Errors.unusableLabel(label, "has values the model never saw in training: " + values
          + "; it knows " + classes + ". Filter those rows out or retrain with them");
    }
    if (present.isEmpty()) {
      throw Errors.unusableLabel(label, "is empty in every row of this table; nothing to evaluate");
    }
  }

  private static String resolve(Dataset<Row> df, String name) {
    return Cleaning.resolve(df.columns(), name, "the input table (given as the label)");
  }
}
