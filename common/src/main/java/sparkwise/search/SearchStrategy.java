package sparkwise.search;

import java.util.List;
import java.util.Optional;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * Proposes candidates. Implementations are pure functions of (seed, proposal index, history), so
 * replaying finished trials rebuilds their state exactly (resume, determinism).
 */
public interface SearchStrategy {
  /** The candidate with sequence number {@code seq}, or empty when the space is exhausted. */
  Optional<Candidate> propose(int seq, List<TrialResult> history);

  String name();

  /** Tells the strategy about a proposal made by an earlier attempt of the run (resume). */
  default void replay(Candidate finished) {}

  /**
   * Whether proposals depend on earlier results. The runner then shows proposal {@code seq} only
   * the trials numbered below {@code seq} minus its history lag (the trials at once, twice that
   * with single-task trials), and waits for all of them: the proposal
   * no longer depends on which trials happened to end first (determinism, resume).
   */
  default boolean usesHistory() {
    return false;
  }
}
