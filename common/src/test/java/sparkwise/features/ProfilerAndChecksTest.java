package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.SparkwiseException;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

class ProfilerAndChecksTest {

  @Test
  void theDemoTableIsProfiledAndItsTrapsAreCaught() {
    Dataset<Row> df = TestData.churn(3000);
    LabelInfo label = TaskDetector.detect(df, "churned", "auto", 3);
    assertEquals(Task.BINARY, label.task());
    assertEquals(List.of("no", "yes"), label.classes(), "index 1 = the positive class");
    List<String> cols = new ArrayList<>(List.of(df.columns()));
    cols.remove("churned");
    Profile p = Profiler.profile(LabelIndex.add(df, "churned", label.task(), label.classes()), cols, LabelIndex.COLUMN);
    assertEquals(3000, p.rows());
    assertEquals(ColumnKind.DATE, p.column("signup_date").orElseThrow().kind());
    assertEquals(ColumnKind.CATEGORICAL, p.column("city").orElseThrow().kind());
    assertEquals(ColumnKind.BOOLEAN, p.column("paperless_billing").orElseThrow().kind());
    assertTrue(p.column("total_charges").orElseThrow().nullFraction(p.rows()) > 0.02);

    Map<String, String> dropped = SanityChecks.check(p, TrainConfig.defaults().features()).stream()
        .collect(Collectors.toMap(DroppedColumn::column, DroppedColumn::reason));
    assertEquals(3, dropped.size(), dropped.toString());
    assertTrue(dropped.get("customer_id").startsWith("row ID"));
    assertTrue(dropped.get("country").startsWith("constant"));
    assertTrue(dropped.get("retention_offer_sent").startsWith("label leak"));
  }

  @Test
  void featuresKeepAndDropOverrideTheChecks() {
    Profile p = new Profile(100, List.of(
        new ColumnProfile("k", "string", ColumnKind.CATEGORICAL, 100, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, Double.NaN),
        new ColumnProfile("d", "double", ColumnKind.NUMERIC, 100, 50, 0, 1, 0.5, 0.1, Double.NaN, 0.1)));
    var cfg = new TrainConfig.Features("zscore", 32, List.of("d"), List.of("k"), "auto");
    List<DroppedColumn> dropped = SanityChecks.check(p, cfg);
    assertEquals(List.of(new DroppedColumn("d", "dropped by the config (features.drop)")), dropped);
    var bad = new TrainConfig.Features("zscore", 32, List.of("nope"), List.of(), "auto");
    SparkwiseException e = assertThrows(SparkwiseException.class, () -> SanityChecks.check(p, bad));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.ConfigException.class, e);
    assertTrue(e.getMessage().startsWith("features.drop[0]"));
  }

  private Dataset<Row> labels(Object... values) {
    List<Row> rows = new ArrayList<>();
    for (Object v : values) {
      rows.add(RowFactory.create(v, 1.0));
    }
    StructType schema = new StructType()
        .add("y", values[0] instanceof Double ? DataTypes.DoubleType : DataTypes.StringType)
        .add("x", DataTypes.DoubleType);
    return SharedSpark.session().createDataFrame(rows, schema);
  }

  @Test
  void tasksAreDetectedFromTheLabel() {
    assertEquals(Task.MULTICLASS, TaskDetector.detect(labels("a", "b", "c", "a", "b", "c"), "y", "auto", 2).task());
    assertEquals(Task.MULTICLASS, TaskDetector.detect(labels(1.0, 2.0, 3.0, 1.0, 2.0, 3.0), "y", "auto", 2).task());
    assertEquals(Task.REGRESSION, TaskDetector.detect(labels(1.5, 2.25, 3.0, 1.0, 2.0, 3.1), "y", "auto", 2).task());
    assertEquals(Task.REGRESSION, TaskDetector.detect(labels(1.0, 2.0, 3.0, 1.0, 2.0, 3.0), "y", "regression", 2).task());
    LabelInfo withNulls = TaskDetector.detect(labels("a", "b", null, "a", "b", "?"), "y", "auto", 2);
    assertEquals(Task.BINARY, withNulls.task());
    assertEquals(2, withNulls.nullRows());
  }

  @Test
  void unusableLabelsAreDataErrorsNamingTheLabel() {
    SparkwiseException one = assertThrows(SparkwiseException.class,
        () -> TaskDetector.detect(labels("a", "a", "a", "a"), "y", "auto", 2));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.DataException.class, one);
    assertTrue(one.getMessage().startsWith("label 'y': has a single value 'a'"), one.getMessage());
    SparkwiseException none = assertThrows(SparkwiseException.class,
        () -> TaskDetector.detect(labels("?", "", "NA"), "y", "auto", 2));
    assertTrue(none.getMessage().contains("null in every one of the 3 rows"), none.getMessage());
    SparkwiseException missing = assertThrows(SparkwiseException.class,
        () -> TaskDetector.detect(labels("a", "b"), "why", "auto", 2));
    assertTrue(missing.getMessage().startsWith("column 'why': not found"), missing.getMessage());
    SparkwiseException text = assertThrows(SparkwiseException.class,
        () -> TaskDetector.detect(labels("a", "b", "c", "d"), "y", "regression", 2));
    assertTrue(text.getMessage().contains("not numeric"), text.getMessage());
  }

  @Test
  void aLabelWithMoreThanAThousandValuesIsCountedWithoutKeepingThem() {
    Object[] numbers = new Object[2_500];
    Object[] words = new Object[2_500];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = i % 1_250 + 0.5;
      words[i] = i == 7 ? null : i == 8 ? "NA" : "w" + (i % 1_250);
    }
    LabelInfo many = TaskDetector.detect(labels(numbers).repartition(3), "y", "auto", 2);
    assertEquals(Task.REGRESSION, many.task());
    assertEquals(2_500, many.usableRows() + many.nullRows());
    SparkwiseException text = assertThrows(SparkwiseException.class,
        () -> TaskDetector.detect(labels(words).repartition(3), "y", "auto", 2));
    assertTrue(text.getMessage().contains("more than 1000 distinct values"), text.getMessage());
    SparkwiseException notNumbers = assertThrows(SparkwiseException.class,
        () -> TaskDetector.detect(labels(words).repartition(3), "y", "regression", 2));
    assertTrue(notNumbers.getMessage().contains("not numeric"), notNumbers.getMessage());
    // 1,000 classes exactly are still classes; one more is too many
    Object[] thousand = new Object[2_000];
    for (int i = 0; i < thousand.length; i++) {
      thousand[i] = "c" + (i % 1_000);
    }
    assertEquals(1_000, TaskDetector.detect(labels(thousand).repartition(3), "y", "auto", 2).classes().size());
  }
}
