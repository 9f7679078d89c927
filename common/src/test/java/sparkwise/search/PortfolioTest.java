package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;

/** The auto search's first proposals: the picked configurations of the families searched, then the others' defaults. */
class PortfolioTest {
  @Test
  void everyPoolConfigurationLiesInsideItsFamilysSpace() {
    for (Candidate c : Portfolio.POOL) {
      List<Dimension> dims = ModelCatalog.get(c.family()).space(Task.BINARY);
      assertEquals(dims.stream().map(Dimension::param).sorted().toList(), c.params().keySet().stream().sorted().toList(),
          c.toString());
      for (Dimension d : dims) {
        double u = d.encode(c.params().get(d.param()));
        assertTrue(u >= 0 && u <= 1, c + " " + d.param() + " at " + u);
      }
    }
  }

  @Test
  void autoStartsWithThePicksOfItsFamiliesThenTheOtherFamiliesDefaults() {
    List<ModelFamily> families = List.of(ModelCatalog.get("xgboost"), ModelCatalog.get("random_forest"));
    SearchStrategy auto = Strategies.of("auto", families, Task.BINARY, 3, true, 500);
    List<Candidate> picks = Portfolio.PICKED.stream().filter(c -> c.family().equals("xgboost")).toList();
    for (int i = 0; i < picks.size(); i++) {
      Optional<Candidate> c = auto.propose(i, List.of());
      assertEquals(picks.get(i).params(), c.orElseThrow().params());
      assertEquals(i, c.get().seq());
    }
    Candidate next = auto.propose(picks.size(), List.of()).orElseThrow();
    assertEquals("random_forest", next.family());
    assertEquals(UnitSpace.defaults(picks.size(), families.get(1), Task.BINARY), next);
    // The bayesian strategy keeps each family's default first.
    assertEquals(UnitSpace.defaults(0, families.get(0), Task.BINARY),
        Strategies.of("bayesian", families, Task.BINARY, 3, true, 1_000).propose(0, List.of()).orElseThrow());
  }
}
