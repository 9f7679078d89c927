package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;

/**
 * Text read as dates, timestamps and numbers: every format still parses behind the cheap prefix
 * tests, and text that is none of them is null.
 */
class CleaningTest {
  private static List<Row> parsed(String... values) {
    List<Row> rows = new ArrayList<>();
    for (String v : values) {
      rows.add(RowFactory.create(v));
    }
    Dataset<Row> df = SharedSpark.session().createDataFrame(rows, new StructType().add("s", DataTypes.StringType));
    var s = Cleaning.text(Cleaning.ref("s"));
    return df.select(Cleaning.date(s).cast("string"), Cleaning.timestamp(s).cast("string"),
        Cleaning.number(Cleaning.ref("s"), DataTypes.StringType)).collectAsList();
  }

  @Test
  void everyDateAndTimestampFormatParses() {
    List<Row> r = parsed("2024-03-05", "2024/03/05", "3/5/2024", "3/5/24", "5.3.2024", "2024-03-05 07:08:09",
        "2024-03-05T07:08:09", "2024-03-05 07:08", "3/5/2024 7:08", "3/5/2024 7:08:09");
    for (int i = 0; i < 5; i++) {
      assertEquals("2024-03-05", r.get(i).getString(0), "date " + i);
    }
    List<String> ts = r.subList(5, 10).stream().map(x -> x.getString(1)).toList();
    assertEquals(Arrays.asList("2024-03-05 07:08:09", "2024-03-05 07:08:09", "2024-03-05 07:08:00",
        "2024-03-05 07:08:00", "2024-03-05 07:08:09"), ts);
  }

  @Test
  void otherTextIsNeitherADateNorANumber() {
    List<Row> r = parsed("Gable", "2024", "12.5", "Infinity", "N/A", "x1", "1,5");
    for (Row row : r) {
      assertEquals(null, row.get(0), "date of " + row);
      assertEquals(null, row.get(1), "timestamp of " + row);
    }
    List<Object> numbers = r.stream().map(x -> x.get(2)).toList();
    assertEquals(Arrays.asList(null, 2024.0, 12.5, null, null, null, null), numbers);
  }

  @Test
  void numbersInTheirUsualSpellingsParse() {
    List<Object> n = parsed("1e3", "-.5", "+3", " 7 ", "0.25", "-2E-1").stream().map(x -> x.get(2)).toList();
    assertEquals(Arrays.asList(1000.0, -0.5, 3.0, 7.0, 0.25, -0.2), n);
  }
}
