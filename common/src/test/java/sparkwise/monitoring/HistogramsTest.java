package sparkwise.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;

/** Bins, nulls and rows counted in one pass: values on an edge fall in the bin that edge closes. */
class HistogramsTest {
  @Test
  void binsNullsAndRowsMatchAHandCount() {
    StructType schema = new StructType().add("f_x", DataTypes.DoubleType).add("f_day", DataTypes.DateType)
        .add("f_c", DataTypes.StringType);
    java.sql.Date d = java.sql.Date.valueOf("2026-01-02");
    Dataset<Row> guarded = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create(null, d, "a"), RowFactory.create(1.0, null, "a"), RowFactory.create(2.0, d, "b"),
        RowFactory.create(2.0, d, null), RowFactory.create(3.0, null, "a"), RowFactory.create(10.0, d, "a"),
        RowFactory.create(-4.0, d, "b")), schema).repartition(3);
    Baseline spec = new Baseline(0, List.of(
        new FeatureHistogram("x", "f_x", FeatureHistogram.NUMERIC, new double[] {2, 5}, List.of(), false, new long[0], 0, 0),
        new FeatureHistogram("day", "f_day", "date", new double[0], List.of(), false, new long[0], 0, 0),
        new FeatureHistogram("c", "f_c", FeatureHistogram.CATEGORICAL, new double[0], List.of("a", "b"), true,
            new long[0], 0, 0)));

    Baseline counted = Histograms.measure(guarded, spec);

    assertEquals(7, counted.rows());
    FeatureHistogram x = counted.features().get(0);
    assertArrayEquals(new long[] {4, 1, 1}, x.counts(), "<=2: -4, 1, 2, 2; (2, 5]: 3; above 5: 10");
    assertEquals(1, x.nulls());
    assertEquals(2, counted.features().get(1).nulls());
    assertEquals(0, counted.features().get(1).counts().length);
    assertEquals(1, counted.features().get(2).nulls());
    assertArrayEquals(new long[] {4, 2, 0, 0}, counted.features().get(2).counts(), "a, b, other, new");
  }
}
