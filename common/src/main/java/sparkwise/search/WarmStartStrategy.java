package sparkwise.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * A strategy that proposes a warm start's seeds first and then hands over to {@code base},
 * which numbers its own proposals from zero as if it ran alone and sees the earlier run's trials
 * (the priors, numbered below zero) before this run's own. A pure function of the warm start,
 * the base strategy's inputs and the history, like every strategy.
 */
final class WarmStartStrategy implements SearchStrategy {
  private final SearchStrategy base;
  private final WarmStart warm;

  WarmStartStrategy(SearchStrategy base, WarmStart warm) {
    this.base = base;
    this.warm = warm;
  }

  @Override
  public Optional<Candidate> propose(int seq, List<TrialResult> history) {
    int n = warm.seeds().size();
    if (seq < n) {
      return Optional.of(warm.seeds().get(seq).at(seq, 1.0));
    }
    List<TrialResult> seen = new ArrayList<>(warm.priors());
    seen.addAll(history);
    return base.propose(seq - n, seen).map(c -> c.at(seq, c.fraction()));
  }

  @Override
  public void replay(Candidate finished) {
    int n = warm.seeds().size();
    if (finished.seq() >= n) {
      base.replay(finished.at(finished.seq() - n, finished.fraction()));
    }
  }

  @Override
  public boolean usesHistory() {
    return base.usesHistory();
  }

  @Override
  public String name() {
    return base.name() + " (warm-started)";
  }
}
