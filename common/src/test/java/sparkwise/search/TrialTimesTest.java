package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
