package sparkwise.tracking;

import java.util.List;
import sparkwise.TrialResult;

/** Where runs, trials and leaderboards are recorded. {@link DeltaTracker} is the implementation. */
public interface Tracker {
  /** Inserts or replaces the run's row (keyed by run id). */
  void upsertRun(RunRecord run);

  /** Appends one finished trial; a retried write of the same trial is a no-op. */
  void recordTrial(String runId, String metric, TrialResult trial);

  /** Appends the run's final leaderboard in one commit. */
  void writeLeaderboard(String runId, String metric, List<TrialResult> ranked);
}
