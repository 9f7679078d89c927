package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.SparkwiseException;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.StageContract;

class SchemaGuardTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType)
      .add("amount in $", DataTypes.StringType)
      .add("city", DataTypes.StringType)
      .add("x.y", DataTypes.DoubleType);

  private Dataset<Row> data() {
    return SharedSpark.session().createDataFrame(List.of(
        RowFactory.create(1, " 12.5 ", " Paris ", 1.0),
        RowFactory.create(2, "?", "NA", Double.NaN),
        RowFactory.create(3, "junk", "Lyon", Double.POSITIVE_INFINITY)), SCHEMA);
  }

  private SchemaGuard guard() {
    return new SchemaGuard()
        .setColumns(new String[] {"amount in $", "city", "x.y"}, new String[] {"f_amount", "f_city", "f_x_y"},
            new String[] {"numeric_string", "categorical", "numeric"})
        .setLabel("y", "string", "binary");
  }

  @Test
  void passesTheStageContract() throws Exception {
    StageContract.check(guard(), data(), "id");
  }

  @Test
  void cleansAndCastsUnderSafeNames() {
    List<Row> rows = guard().transform(data()).orderBy("id").select("f_amount", "f_city", "f_x_y").collectAsList();
    assertEquals(12.5, rows.get(0).getDouble(0));
    assertEquals("Paris", rows.get(0).getString(1));
    assertNull(rows.get(1).get(0), "'?' is missing");
    assertNull(rows.get(1).get(1), "'NA' is missing");
    assertNull(rows.get(1).get(2), "NaN is missing");
    assertNull(rows.get(2).get(0), "unparsable text is missing");
    assertNull(rows.get(2).get(2), "Infinity is missing");
  }

  @Test
  void aMissingColumnFailsBeforeAnyJobAndNamesIt() {
    Dataset<Row> without = data().drop("city");
    SparkwiseException e = assertThrows(SparkwiseException.class, () -> guard().transform(without));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.DataException.class, e);
    assertTrue(e.getMessage().startsWith("column 'city': not found in the input table"), e.getMessage());
  }

  @Test
  void columnNamesMatchCaseInsensitivelyLikeSpark() {
    Dataset<Row> renamed = data().withColumnRenamed("city", "CITY");
    assertEquals(3, guard().transform(renamed).select("f_city").count());
  }
}
