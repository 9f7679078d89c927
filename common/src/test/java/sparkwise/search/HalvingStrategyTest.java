package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/** Successive halving without Spark: a synthetic objective stands in for the trials. */
class HalvingStrategyTest {
  private final List<ModelFamily> families = ModelCatalog.select(Task.BINARY, List.of(), List.of());

  @Test
  void rungsFollowTheDataSize() {
    assertArrayEquals(new double[] {1.0}, HalvingStrategy.fractionsFor(600));
    assertArrayEquals(new double[] {1.0 / 3, 1.0}, HalvingStrategy.fractionsFor(1_200), 1e-12);
    assertArrayEquals(new double[] {1.0 / 9, 1.0 / 3, 1.0}, HalvingStrategy.fractionsFor(4_000), 1e-12);
    assertArrayEquals(new double[] {1.0 / 9, 1.0 / 3, 1.0}, HalvingStrategy.fractionsFor(800_000), 1e-12);
    assertTrue(Strategies.of("auto", families, Task.BINARY, 1, true, 500) instanceof TpeStrategy);
    assertTrue(Strategies.of("auto", families, Task.BINARY, 1, true, 50_000) instanceof HalvingStrategy);
  }

  @Test
  void promotesTheTopThirdOfEachRungAndOnlyOnce() {
    List<Candidate> proposed = run(new HalvingStrategy(new TpeStrategy(families, Task.BINARY, 3, true),
        HalvingStrategy.fractionsFor(800_000), true), 40);
    // The first trial runs on all rows (a model early); the rest climb from 1/9.
    assertEquals(1.0, proposed.get(0).fraction());
    assertEquals(1.0 / 9, proposed.get(1).fraction(), 1e-12);
    long atNinth = proposed.stream().filter(c -> c.fraction() < 0.2).count();
    long atThird = proposed.stream().filter(c -> c.fraction() > 0.2 && c.fraction() < 0.5).count();
    long onAll = proposed.stream().filter(Candidate::onAllRows).count();
    assertTrue(atThird >= 1 && atThird <= atNinth / 3 + 1, "rung sizes " + atNinth + "/" + atThird + "/" + onAll);
    assertTrue(onAll >= 2, "some configurations reach all rows: " + onAll);
    // Each promotion is a configuration seen one rung below, and none is promoted twice.
    for (Candidate c : proposed) {
      if (c.seq() > 0 && c.fraction() > 0.2) {
        double below = c.onAllRows() ? 1.0 / 3 : 1.0 / 9;
        assertEquals(1, proposed.stream().filter(p -> p.seq() < c.seq() && Math.abs(p.fraction() - below) < 1e-12
            && p.paramsJson().equals(c.paramsJson()) && p.family().equals(c.family())).count(), c.toString());
        assertEquals(1, proposed.stream().filter(p -> p.fraction() == c.fraction()
            && p.paramsJson().equals(c.paramsJson()) && p.family().equals(c.family())).count(), c.toString());
        // ... and it was in the top third of that rung as the strategy saw it (two trials in flight).
        List<Candidate> rung = proposed.stream().filter(p -> p.seq() < c.seq() - 2 && Math.abs(p.fraction() - below) < 1e-12)
            .sorted(java.util.Comparator.comparingDouble((Candidate p) -> result(p).mean()).reversed()).toList();
        int rank = 0;
        while (!(rung.get(rank).paramsJson().equals(c.paramsJson()) && rung.get(rank).family().equals(c.family()))) {
          rank++;
        }
        assertTrue(rank < rung.size() / 3, c + " promoted from rank " + rank + " of " + rung.size());
      }
    }
  }

  @Test
  void replayingFinishedTrialsGivesTheSameLaterProposals() {
    List<Candidate> whole = run(new HalvingStrategy(new TpeStrategy(families, Task.BINARY, 3, true),
        HalvingStrategy.fractionsFor(800_000), true), 30);
    // A resumed run: the first 20 trials come back from the trials table, the rest are proposed again.
    HalvingStrategy resumed = new HalvingStrategy(new TpeStrategy(families, Task.BINARY, 3, true),
        HalvingStrategy.fractionsFor(800_000), true);
    List<TrialResult> history = new ArrayList<>();
    for (Candidate c : whole.subList(0, 20)) {
      resumed.replay(c);
      history.add(result(c));
    }
    for (int seq = 20; seq < 30; seq++) {
      int horizon = seq - 2;
      Candidate c = resumed.propose(seq, history.stream().filter(t -> t.candidate().seq() < horizon).toList())
          .orElseThrow();
      assertEquals(whole.get(seq), c);
      history.add(result(c));
    }
  }

  /** Proposes {@code n} candidates, two in flight at a time, as the runner does. */
  private static List<Candidate> run(HalvingStrategy s, int n) {
    List<Candidate> out = new ArrayList<>();
    List<TrialResult> history = new ArrayList<>();
    for (int seq = 0; seq < n; seq++) {
      int horizon = seq - 2;
      Candidate c = s.propose(seq, history.stream().filter(t -> t.candidate().seq() < horizon).toList()).orElseThrow();
      out.add(c);
      history.add(result(c));
    }
    return out;
  }

  /** A synthetic score: better with more data, and a fixed quality per configuration. */
  private static TrialResult result(Candidate c) {
    double quality = (c.paramsJson() + c.family()).hashCode() % 1000 / 10_000.0;
    double score = 0.8 + quality + 0.05 * c.fraction();
    return new TrialResult(c, "tree", TrialResult.Status.OK, List.of(score, score), score, 0.0, 1.0, 0, 1, null);
  }
}
