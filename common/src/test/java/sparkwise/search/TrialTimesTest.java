package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/** A trial's expected time comes from its family's finished trials: same share of rows first, else the tightest bound. */
class TrialTimesTest {
  private static TrialResult took(String family, double fraction, double seconds) {
    Candidate c = new Candidate(0, family, Map.of("x", 1), fraction);
    return TrialResult.of(c, "tree", List.of(0.5), seconds, 0, Math.round(seconds * 1000));
  }

  @Test
  void readsTheSameShareScalesUpFromSmallerAndNeverExceedsLarger() {
    TrialTimes times = new TrialTimes();
    assertEquals(0, times.expectedSeconds(new Candidate(1, "xgboost", Map.of(), 1.0)), "nothing known yet");
    times.add(took("xgboost", 1.0 / 9, 0.5));
    times.add(took("xgboost", 1.0 / 9, 0.8)); // the longest of a share counts
    times.add(took("xgboost", 1.0 / 3, 2.0));
    assertEquals(0.8, times.expectedSeconds(new Candidate(2, "xgboost", Map.of(), 1.0 / 9)), 1e-9);
    assertEquals(2.0, times.expectedSeconds(new Candidate(3, "xgboost", Map.of(), 1.0 / 3)), 1e-9,
        "measured on 1/3: 2 s, tighter than 0.8 s × 3 from 1/9");
    assertEquals(6.0, times.expectedSeconds(new Candidate(4, "xgboost", Map.of(), 1.0)), 1e-9,
        "all rows: three times the 1/3 trial (7.2 from 1/9 is looser)");
    assertEquals(0, times.expectedSeconds(new Candidate(5, "xgboost_rf", Map.of(), 1.0)), "another family's times do not count");
  }

  @Test
  void aTrialThatCannotBeCutIsExpectedToTakeTheLongestTrialSoFarUntilItsFamilyHasATime() {
    TrialTimes times = new TrialTimes();
    Candidate forest = new Candidate(1, "xgboost_rf", Map.of(), 1.0);
    assertEquals(0, times.expectedSeconds(forest, false), "nothing known yet");
    times.add(took("xgboost", 1.0, 8.0));
    times.add(took("xgboost_linear", 1.0 / 3, 1.0));
    assertEquals(0, times.expectedSeconds(forest, true), "a trial cut at the deadline costs nothing past it");
    assertEquals(8.0, times.expectedSeconds(forest, false), 1e-9, "the longest trial of any family");
    assertEquals(8.0, times.expectedSeconds(new Candidate(2, "xgboost_rf", Map.of(), 1.0 / 3), false), 1e-9,
        "the longest, not scaled down to a smaller share");
    times.add(took("xgboost_rf", 1.0, 2.0));
    assertEquals(2.0, times.expectedSeconds(forest, false), 1e-9, "its own family's time once there is one");
  }

  @Test
  void onlyTheOneRoundForestCannotBeCut() {
    for (String name : sparkwise.models.ModelCatalog.names()) {
      assertEquals(!name.equals("xgboost_rf"), sparkwise.models.ModelCatalog.get(name).cuttable(), name);
    }
  }
}
