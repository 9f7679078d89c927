package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Large tables are profiled on a sample: counts come back on the table's scale. */
class ProfileSamplingTest {
  private static ColumnProfile column(long nonNull, long distinct, List<ColumnProfile.Category> top) {
    return new ColumnProfile("c", "string", ColumnKind.CATEGORICAL, nonNull, distinct, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, 1.0, Double.NaN, new double[0], top);
  }

  @Test
  void anIdStaysAnIdAndItsCountsScale() {
    ColumnProfile id = Profiler.scaled(column(200_000, 199_000, List.of()), 200_000, 10_000_000);
    assertEquals(10_000_000, id.nonNull());
    assertTrue(id.distinct() >= 0.98 * id.nonNull(), "still about all unique: " + id.distinct());
    assertTrue(SanityChecks.reason(id, 10_000_000).startsWith("row ID"), SanityChecks.reason(id, 10_000_000));
  }

  @Test
  void aCategoryKeepsItsLevelsAndScalesItsTopCounts() {
    ColumnProfile city = Profiler.scaled(
        column(190_000, 400, List.of(new ColumnProfile.Category("city_000", 50_000))), 200_000, 10_000_000);
    assertEquals(400, city.distinct(), "under 1 % distinct: every level that matters was seen");
    assertEquals(9_500_000, city.nonNull());
    assertEquals(0.05, city.nullFraction(10_000_000), 1e-9, "the null share is the sample's");
    assertEquals(2_500_000, city.topCategories().get(0).count());
  }
}
