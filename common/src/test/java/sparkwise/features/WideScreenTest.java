package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sparkwise.TrainConfig;

/** features.max_columns: the numeric columns least correlated with the label go; others and features.keep stay. */
class WideScreenTest {
  @Test
  void keepsTheStrongestNumericColumnsUpToTheLimit() {
    List<ColumnProfile> cols = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // n0 is the strongest, n19 the weakest
      cols.add(new ColumnProfile("n" + i, "double", ColumnKind.NUMERIC, 100, 90, 0, 1, 0.5, 0.2, Double.NaN,
          (i % 2 == 0 ? 1 : -1) * (0.9 - i * 0.04)));
    }
    cols.add(new ColumnProfile("nocorr", "double", ColumnKind.NUMERIC, 100, 90, 0, 1, 0.5, 0.2, Double.NaN, Double.NaN));
    cols.add(new ColumnProfile("city", "string", ColumnKind.CATEGORICAL, 100, 7, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, 1, Double.NaN));
    Profile p = new Profile(100, cols);

    var cfg = new TrainConfig.Features("zscore", 32, List.of(), List.of("n19"), "auto", null, 0.2, 0.5, 8);
    List<DroppedColumn> dropped = SanityChecks.check(p, cfg);
    Set<String> kept = cols.stream().map(ColumnProfile::name).collect(Collectors.toSet());
    dropped.forEach(d -> kept.remove(d.column()));

    // city and n19 (features.keep) are fixed: 6 numeric places left, for the 6 strongest of either sign.
    assertEquals(Set.of("city", "n19", "n0", "n1", "n2", "n3", "n4", "n5"), kept, dropped.toString());
    assertTrue(dropped.get(0).reason().startsWith("screened out: 22 usable feature columns are more than "
        + "features.max_columns (8); kept the 6 numeric columns"), dropped.get(0).reason());

    // A short budget limits further (never below 100 columns); the config's 0 turns the screen off.
    assertEquals(120, WideScreen.Limit.of(1000, 60).columns());
    assertEquals(100, WideScreen.Limit.of(1000, 10).columns());
    assertEquals(1000, WideScreen.Limit.of(1000, 600).columns());
    assertTrue(WideScreen.Limit.of(1000, 60).describe().contains("the 120 a 60s budget allows"));
    var unlimited = new TrainConfig.Features("zscore", 32, List.of(), List.of(), "auto", null, 0.2, 0.5, 0);
    assertEquals(List.of(), SanityChecks.check(p, unlimited));
  }
}
