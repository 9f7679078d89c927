package sparkwise.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import sparkwise.Errors;
import sparkwise.Task;

/**
 * Reads the label's value counts ({@link LabelCounts}: one job, at most {@link #MAX_CLASSES}+1 values to
 * the driver) and decides the task: two values → binary; text → multiclass; whole numbers with at
 * most {@link #MAX_INTEGER_CLASSES} values → multiclass; other numbers → regression.
 */
public final class TaskDetector {
  public static final int MAX_CLASSES = 1000;
  static final int MAX_INTEGER_CLASSES = 20;

  private TaskDetector() {}

  public static LabelInfo detect(Dataset<Row> df, String label, String configuredTask, int minRowsPerClass) {
    String name = resolve(df, label);
    DataType type = df.schema().apply(name).dataType();
    boolean numeric = type instanceof NumericType;
    if (!(numeric || type instanceof StringType || type instanceof BooleanType)) {
      throw Errors.unusableLabel(label, "has type " + type.simpleString() + "; use a number, text or boolean label");
    }
    LabelCounts counts = LabelCounts.of(df.select(Cleaning.text(Cleaning.ref(name)).as("v")), MAX_CLASSES);
    long total = counts.total();
    long nullRows = counts.nulls();
    boolean manyValues = counts.many();
    List<Map.Entry<String, Long>> values = new ArrayList<>(counts.values().entrySet());
    if (total == 0) {
      throw Errors.data("input table", "has no rows");
    }
    if (values.isEmpty() && !manyValues) {
      throw Errors.unusableLabel(label, "is null in every one of the " + total + " rows");
    }
    boolean allNumeric = numeric || counts.numbers();
    Task task = switch (configuredTask) {
      case "auto" -> decide(values, allNumeric, manyValues);
      default -> Task.fromId(configuredTask);
    };
    if (task == Task.REGRESSION) {
      if (!allNumeric) {
        throw Errors.unusableLabel(label, "is not numeric, so it cannot be a regression target");
      }
      return new LabelInfo(name, type.simpleString(), task, List.of(), List.of(), total, nullRows);
    }
    if (manyValues) {
      throw Errors.unusableLabel(label, "has more than " + MAX_CLASSES + " distinct values; "
          + "that is too many classes (set task: regression if it is a quantity)");
    }
    if (values.size() < 2) {
      throw Errors.unusableLabel(label, "has a single value '" + values.get(0).getKey()
          + "' in every non-null row; there is nothing to learn");
    }
    if (task == Task.BINARY && values.size() != 2) {
      throw Errors.unusableLabel(label, "has " + values.size() + " distinct values but task is binary");
    }
    values.sort(allNumeric ? Comparator.comparingDouble(e -> Double.parseDouble(e.getKey()))
        : Map.Entry.comparingByKey());
    List<String> classes = new ArrayList<>();
    List<Long> classCounts = new ArrayList<>();
    for (Map.Entry<String, Long> e : values) {
      classes.add(e.getKey());
      classCounts.add(e.getValue());
    }
    long usable = total - nullRows;
    if (usable < minRowsPerClass * 2L) {
      throw Errors.unusableLabel(label, "has only " + usable + " non-null rows; at least "
          + (minRowsPerClass * 2) + " are needed for the holdout and folds");
    }
    int rarest = classCounts.indexOf(java.util.Collections.min(classCounts));
    if (task == Task.BINARY && classCounts.get(rarest) < minRowsPerClass) {
      // Some folds would train on one class only, which no binary learner accepts.
      throw Errors.unusableLabel(label, "has only " + classCounts.get(rarest) + " row(s) of class '"
          + classes.get(rarest) + "'; each class needs at least " + minRowsPerClass + " for the holdout and folds");
    }
    return new LabelInfo(name, type.simpleString(), task, classes, classCounts, total, nullRows);
  }

  private static Task decide(List<Map.Entry<String, Long>> values, boolean allNumeric, boolean manyValues) {
    if (!manyValues && values.size() == 2) {
      return Task.BINARY;
    }
    if (!allNumeric) {
      return Task.MULTICLASS;
    }
    boolean integral = values.stream().allMatch(e -> {
      double d = Double.parseDouble(e.getKey());
      return d == Math.rint(d);
    });
    return !manyValues && integral && values.size() <= MAX_INTEGER_CLASSES ? Task.MULTICLASS : Task.REGRESSION;
  }

  static String resolve(Dataset<Row> df, String label) {
    return Cleaning.resolve(df.columns(), label, "the input table (given as the label)");
  }
}
