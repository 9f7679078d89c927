package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.TrainOptions;
import sparkwise.testing.SharedSpark;
import sparkwise.tracking.DeltaTracker;

/**
 * A wide table screened to few columns leaves the profile phase as rows of those columns alone:
 * no later query plan has the input's hundreds of columns beneath it (Spark's analyzer walks them
 * at every step of every query; 500 × 5,000 spent seconds of each phase there).
 */
class ScreenedRowsTest {
  @TempDir Path dir;

  @Test
  void aScreenedSmallTableIsKeptAsItsKeptColumnsOnly() {
    SparkSession spark = SharedSpark.session();
    String columns = IntStream.range(0, 300).mapToObj(i -> "rand(" + i + ") AS x" + i).collect(Collectors.joining(", "));
    var rows = spark.sql("SELECT " + columns + ", IF(rand(999) > 0.5, 1, 0) AS y FROM range(200)");
    TrainConfig cfg = ConfigLoader.fromYaml("test", "label: y\nbudget: 60s\nseed: 5\nfeatures: {max_columns: 20}\n",
        ConfigOverrides.none());
    String warehouse = dir.resolve("wh").toString();
    RunContext ctx = new RunContext(spark, cfg, TrainOptions.of(warehouse), "screened",
        new DeltaTracker(spark, warehouse), new RunClock(System.currentTimeMillis(), 60_000));

    Prepared p = ProfilePhase.run(ctx, rows);

    assertEquals(20, p.features().size(), "screened to features.max_columns");
    int widest = widest(p.labelled().queryExecution().analyzed());
    assertTrue(widest <= 22, "the widest step beneath the rows has " + widest + " columns, not the kept 20, the label"
        + " and its index");
  }

  private static int widest(LogicalPlan plan) {
    int w = plan.output().size();
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      w = Math.max(w, widest(child));
    }
    return w;
  }
}
