package sparkwise.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * Random search. Families are taken in turn; each family's first candidate is its first grid
 * point (a sound default), later ones are drawn from a stream seeded by (seed, seq) alone.
 */
public final class RandomStrategy implements SearchStrategy {
  private final List<ModelFamily> families;
  private final Task task;
  private final long seed;

  public RandomStrategy(List<ModelFamily> families, Task task, long seed) {
    this.families = families;
    this.task = task;
    this.seed = seed;
  }

  @Override
  public Optional<Candidate> propose(int seq, List<TrialResult> history) {
    ModelFamily f = families.get(seq % families.size());
    Map<String, Object> params = new LinkedHashMap<>();
    Random r = new Random(seed * 1_000_003L + seq);
    for (Dimension d : f.space(task)) {
      params.put(d.param(), seq < families.size() ? d.grid().get(0) : d.sample(r));
    }
    return Optional.of(new Candidate(seq, f.name(), params));
  }

  @Override
  public String name() {
    return "random";
  }
}
