package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

class ProfilerTypesTest {
  @TempDir Path dir;

  private static Dataset<Row> strings() {
    String[] words = {"refund", "late", "delivery", "broken", "great", "service", "again", "never", "happy", "box"};
    Random r = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 6 + r.nextInt(6); w++) {
        text.append(words[r.nextInt(words.length)]).append(' ');
      }
      rows.add(RowFactory.create(
          String.format("2021-%02d-%02d", 1 + r.nextInt(12), 1 + r.nextInt(28)),
          String.format("%d/%d/%02d", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(20)),
          text.toString().trim(),
          i % 50 == 0 ? "n/a" : String.format("%.2f", r.nextDouble() * 100),
          "2021-03-04 0" + r.nextInt(10) + ":15:00",
          new String[] {"red", "green", "blue"}[r.nextInt(3)],
          i % 2 == 0 ? "yes" : "no"));
    }
    StructType schema = new StructType();
    for (String c : List.of("iso_date", "us_date", "comment", "amount", "stamp", "color", "y")) {
      schema = schema.add(c, DataTypes.StringType);
    }
    return SharedSpark.session().createDataFrame(rows, schema);
  }

  @Test
  void textColumnsAreTypedByContent() {
    Dataset<Row> df = strings();
    Profile p = Profiler.profile(df, List.of("iso_date", "us_date", "comment", "amount", "stamp", "color"), null);
    assertEquals(ColumnKind.DATE, p.column("iso_date").orElseThrow().kind());
    assertEquals(ColumnKind.DATE, p.column("us_date").orElseThrow().kind());
    assertEquals(ColumnKind.TEXT, p.column("comment").orElseThrow().kind());
    assertEquals(ColumnKind.NUMERIC_STRING, p.column("amount").orElseThrow().kind());
    assertEquals(ColumnKind.TIMESTAMP, p.column("stamp").orElseThrow().kind());
    ColumnProfile color = p.column("color").orElseThrow();
    assertEquals(ColumnKind.CATEGORICAL, color.kind());
    assertEquals(3, color.topCategories().size());
    assertEquals(300, color.topCategories().stream().mapToLong(ColumnProfile.Category::count).sum());
    ColumnProfile amount = p.column("amount").orElseThrow();
    assertEquals(294, amount.nonNull(), "'n/a' is missing");
    assertEquals(Profiler.QUANTILES.length, amount.quantiles().length);
    assertTrue(amount.quantiles()[8] > 30 && amount.quantiles()[8] < 70, "median of U(0,100)");
  }

  @Test
  void parsedColumnsBecomeFeatures() {
    Dataset<Row> df = strings();
    SchemaGuard g = new SchemaGuard().setColumns(new String[] {"us_date", "amount", "stamp"},
        new String[] {"f_d", "f_a", "f_s"}, new String[] {"date", "numeric_string", "timestamp"});
    Row first = g.transform(df).select("f_d", "f_a", "f_s").head();
    assertTrue(first.get(0) instanceof java.sql.Date, "parsed date: " + first.get(0));
    assertTrue(first.get(2) instanceof java.sql.Timestamp, "parsed timestamp: " + first.get(2));
  }

  @Test
  void aLabelComputedFromColumnsIsALeak() {
    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      double a = r.nextInt(100);
      double b = r.nextInt(300);
      double c = r.nextGaussian();
      rows.add(RowFactory.create(a, b, c, a + b, a + 5 * c + 20 * r.nextGaussian()));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
        .add("c", DataTypes.DoubleType).add("sum", DataTypes.DoubleType).add("noisy", DataTypes.DoubleType);
    Dataset<Row> df = SharedSpark.session().createDataFrame(rows, schema);
    Profile leaky = Profiler.profile(df, List.of("a", "b", "c"), "sum");
    List<DroppedColumn> dropped = SanityChecks.check(leaky, TrainConfig.defaults().features());
    assertEquals(List.of("b", "a"), dropped.stream().map(DroppedColumn::column).toList(), dropped.toString());
    assertTrue(dropped.get(0).reason().contains("linear combination"));
    Profile honest = Profiler.profile(df, List.of("a", "b", "c"), "noisy");
    assertEquals(List.of(), SanityChecks.check(honest, TrainConfig.defaults().features()));
  }

  @Test
  void profilingReadsTheDataAtMostThreeTimes() throws Exception {
    SparkSession spark = SharedSpark.session();
    String path = dir.resolve("churn.parquet").toString();
    TestData.churn(20_000).write().parquet(path);
    AtomicLong records = new AtomicLong();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      Dataset<Row> df = spark.read().parquet(path);
      LabelInfo label = TaskDetector.detect(df, "churned", "auto", 3);
      List<String> cols = new ArrayList<>(List.of(df.columns()));
      cols.remove("churned");
      Profiler.profile(LabelIndex.add(df, "churned", label.task(), label.classes()), cols, LabelIndex.COLUMN);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertTrue(records.get() > 0);
    // Label detection, the small-table check (a LIMIT count) and the one profiling pass.
    assertTrue(records.get() <= 3 * 20_000, "rows read: " + records.get());
  }

  @Test
  void aMillionRowTableIsProfiledWithoutRowsOnTheDriver() {
    Dataset<Row> big = TestData.churn(1_000_000);
    List<String> cols = List.of("age", "tenure_months", "monthly_charges", "contract", "city", "signup_date");
    Profile p = Profiler.profile(big, cols, null);
    assertEquals(1_000_000, p.rows());
    assertEquals(ColumnKind.CATEGORICAL, p.column("city").orElseThrow().kind());
    long cities = p.column("city").orElseThrow().distinct();
    assertTrue(cities > 350 && cities <= 420, "about 400 cities: " + cities);
  }

  @Test
  void aConstantNumericColumnWithALabelOnAGeneratedCodePathIsNotAnError() {
    // Over 40k rows the aggregation is compiled, where Spark's corr() divides by zero under ANSI mode.
    Dataset<Row> df = TestData.churn(45_000).withColumn("flat", org.apache.spark.sql.functions.lit(2.0));
    LabelInfo label = TaskDetector.detect(df, "churned", "auto", 3);
    Profile p = Profiler.profile(LabelIndex.add(df, "churned", label.task(), label.classes()),
        List.of("flat", "tenure_months"), LabelIndex.COLUMN);
    assertEquals(1, p.column("flat").orElseThrow().distinct());
    assertTrue(Double.isNaN(p.column("flat").orElseThrow().labelCorrelation()));
    assertTrue(Math.abs(p.column("tenure_months").orElseThrow().labelCorrelation()) > 0.05);
  }

  @Test
  void carIsMulticlassWhenTheSharedDataIsPresent() {
    Path car = TestData.shared("car.csv").orElse(null);
    Assumptions.assumeTrue(car != null, "../shared/datasets not present");
    Dataset<Row> df = SharedSpark.session().read().option("header", "true").option("inferSchema", "true")
        .csv(car.toString());
    assertEquals(Task.MULTICLASS, TaskDetector.detect(df, "class", "auto", 3).task());
  }
}
