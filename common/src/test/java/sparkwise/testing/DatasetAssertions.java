package sparkwise.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** DataFrame equality for tests: same columns, same rows in the given order, doubles within a tolerance. */
public final class DatasetAssertions {
  private DatasetAssertions() {}

  /** Compares two small Datasets row by row after sorting both by {@code orderBy}. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, double tolerance, String orderBy) {
    assertEquals(Arrays.asList(expected.columns()), Arrays.asList(actual.columns()), "columns");
    List<Row> e = expected.orderBy(orderBy).collectAsList();
    List<Row> a = actual.orderBy(orderBy).collectAsList();
    assertEquals(e.size(), a.size(), "row count");
    for (int i = 0; i < e.size(); i++) {
      for (int c = 0; c < e.get(i).length(); c++) {
        assertValue(e.get(i).get(c), a.get(i).get(c), tolerance, "row " + i + ", column " + expected.columns()[c]);
      }
    }
  }

  static void assertValue(Object e, Object a, double tol, String where) {
    if (e instanceof Double d && a instanceof Double x) {
      assertTrue(d.equals(x) || Math.abs(d - x) <= tol, where + ": " + d + " vs " + x);
    } else if (e instanceof Vector v && a instanceof Vector w) {
      assertEquals(v.size(), w.size(), where + " size");
      for (int i = 0; i < v.size(); i++) {
        assertTrue(Math.abs(v.apply(i) - w.apply(i)) <= tol, where + "[" + i + "]: " + v + " vs " + w);
      }
    } else {
      assertEquals(e, a, where);
    }
  }
}
