package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When the final fit on all rows is tried. Skipping it whenever its estimate exceeded the time left
 * left that time unused (connect-4 at 60 s: "~14s, 10s left", the run ended at 49 s); a booster of
 * the task engine's size stops at the deadline and is dropped if cut, so it is tried on less.
 */
class FinalFitAttemptTest {
  @Test
  void aFitWhoseEstimateFitsIsAlwaysTried() {
    assertTrue(FinalizePhase.triesOnAll(8, 10, false));
    assertTrue(FinalizePhase.triesOnAll(8, 10, true));
  }

  @Test
  void aBoundedFitIsTriedWithMostOfItsEstimateLeft() {
    assertTrue(FinalizePhase.triesOnAll(14, 10, true), "connect-4's case");
    assertFalse(FinalizePhase.triesOnAll(14, 10, false), "a fit that does not stop at the deadline is not");
  }

  @Test
  void aBoundedFitWithLittleOfItsEstimateLeftIsSkipped() {
    assertFalse(FinalizePhase.triesOnAll(30, 10, true));
  }
}
