package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.features.LabelIndex;
import sparkwise.testing.SharedSpark;

/** A table too large for its budget is sampled; each class keeps enough rows, a rare one all of its own. */
class RowBudgetTest {
  @Test
  void theCapKeepsMidSizedTablesWholeAtAMinuteAndCutsKddcup() {
    assertTrue(RowBudget.cap(60_000, 42) > 67_557, "connect-4 (67.5k x 42) keeps every row at 60 s");
    assertTrue(RowBudget.cap(60_000, 37) < 494_020 / 5, "kddcup99 (494k x 37) is cut to under a fifth at 60 s");
    assertTrue(RowBudget.cap(6 * 3_600_000L, 20) > 10_000_000, "bench-scale's 10M rows at 6 h are kept whole");
  }

  @Test
  void aRareClassIsKeptWholeAndTheCommonOneIsSampledToTheFraction() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(RowFactory.create(i, i < 100 ? 1.0 : 0.0));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add(LabelIndex.COLUMN, DataTypes.DoubleType);
    Dataset<Row> labelled = SharedSpark.session().createDataFrame(rows, schema).repartition(2);
    List<Long> counts = List.of(19_900L, 100L);

    Dataset<Row> sampled = RowBudget.sample(labelled, counts, 0.1, 5).cache();
    long rare = sampled.where(LabelIndex.COLUMN + " = 1").count();
    long common = sampled.where(LabelIndex.COLUMN + " = 0").count();
    assertEquals(100, rare, "a class under 200 rows is kept whole");
    assertTrue(Math.abs(common - 1_990) < 200, "about a tenth of the common class: " + common);
    assertEquals(RowBudget.expectedRows(counts, 20_000, 0.1), 1_990 + 100);
    assertEquals(sampled.collectAsList(), RowBudget.sample(labelled, counts, 0.1, 5).collectAsList(),
        "the same seed draws the same rows");
    sampled.unpersist();
  }
}
