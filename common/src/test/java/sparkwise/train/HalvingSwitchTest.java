package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.search.Strategies;

/**
 * {@code search.halving: false} keeps {@code auto}'s portfolio start and TPE proposals and drops
 * its successive halving alone, so a benchmark can measure what halving brings apart from them.
 */
class HalvingSwitchTest {
  private static final long FOLD_ROWS = 50_000;
  private static final List<ModelFamily> FAMILIES = List.of(ModelCatalog.get("xgboost"));

  @Test
  void autoHalvesLargeFoldsUnlessSwitchedOff() {
    TrainConfig.Search on = new TrainConfig.Search("auto", 0, 2);
    TrainConfig.Search off = new TrainConfig.Search("auto", 0, 2, "auto", 0, null, true, true, true, false);

    assertEquals(FOLD_ROWS, SearchPhase.halvingRows(on, FOLD_ROWS));
    assertEquals(0, SearchPhase.halvingRows(off, FOLD_ROWS));
    assertTrue(strategy(on).startsWith("successive halving"), strategy(on));
    assertFalse(strategy(off).contains("halving"), strategy(off));
  }

  @Test
  void aBoundOfAFewTrialsLeavesNoneToPromote() {
    assertEquals(0, SearchPhase.halvingRows(new TrainConfig.Search("auto", 5, 2), FOLD_ROWS));
    assertEquals(FOLD_ROWS, SearchPhase.halvingRows(new TrainConfig.Search("auto", 10, 2), FOLD_ROWS));
  }

  private static String strategy(TrainConfig.Search search) {
    return Strategies.of("auto", FAMILIES, Task.BINARY, 5, true, SearchPhase.halvingRows(search, FOLD_ROWS)).name();
  }
}
