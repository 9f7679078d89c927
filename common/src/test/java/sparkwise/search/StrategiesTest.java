package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;

class StrategiesTest {
  private final List<ModelFamily> families = ModelCatalog.select(Task.BINARY, List.of(), List.of());

  @Test
  void gridVisitsEveryPointOnceFamiliesInTurn() {
    GridStrategy g = new GridStrategy(families, Task.BINARY);
    int n = 0;
    while (g.propose(n, List.of()).isPresent()) {
      n++;
    }
    // xgboost 2x3x2, logistic 3x3, random forest 2x2x2x3, gbt 2x2x1x1x2
    assertEquals(12 + 9 + 24 + 8, n);
    assertEquals("xgboost", g.propose(0, List.of()).orElseThrow().family());
    assertEquals("logistic_regression", g.propose(1, List.of()).orElseThrow().family());
    assertEquals("random_forest", g.propose(2, List.of()).orElseThrow().family());
    assertEquals("gbt", g.propose(3, List.of()).orElseThrow().family());
  }

  @Test
  void randomIsAPureFunctionOfSeedAndIndex() {
    RandomStrategy a = new RandomStrategy(families, Task.BINARY, 5);
    RandomStrategy b = new RandomStrategy(families, Task.BINARY, 5);
    for (int i = 0; i < 20; i++) {
      assertEquals(a.propose(i, List.of()), b.propose(i, List.of()));
    }
    assertNotEquals(a.propose(7, List.of()), new RandomStrategy(families, Task.BINARY, 6).propose(7, List.of()));
    Object reg = a.propose(9, List.of()).orElseThrow().params().get("regParam");
    assertTrue((Double) reg >= 1e-4 && (Double) reg <= 1.0);
  }
}
