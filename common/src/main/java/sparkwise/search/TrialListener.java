package sparkwise.search;

import sparkwise.TrialResult;

/** Told about each trial as it ends, in the order trials end (tracking, progress). */
public interface TrialListener {
  void trialEnded(TrialResult result, int done, TrialResult bestSoFar);
}
