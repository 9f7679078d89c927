package sparkwise.search;

import java.util.List;
import java.util.Optional;

/**
 * Proposes candidates. Implementations are pure functions of (seed, proposal index, history), so
 * replaying finished trials rebuilds their state exactly (resume, determinism).
 */
public interface SearchStrategy {
  /** The candidate with sequence number {@code seq}, or empty when the space is exhausted. */
  Optional<Candidate> propose(int seq, List<TrialResult> history);

  String name();
}
