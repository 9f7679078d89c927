package sparkwise.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/** Every grid point of every family (ParamGridBuilder's product), families taken in turn. */
public final class GridStrategy implements SearchStrategy {
  private final List<Candidate> order = new ArrayList<>();

  public GridStrategy(List<ModelFamily> families, Task task) {
    List<List<Map<String, Object>>> grids = new ArrayList<>();
    for (ModelFamily f : families) {
      grids.add(product(f.space(task)));
    }
    int longest = grids.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (int f = 0; f < families.size(); f++) {
        if (i < grids.get(f).size()) {
          order.add(new Candidate(order.size(), families.get(f).name(), grids.get(f).get(i)));
        }
      }
    }
  }

  static List<Map<String, Object>> product(List<Dimension> dims) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Dimension d : dims) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : out) {
        for (Object v : d.grid()) {
          Map<String, Object> m = new LinkedHashMap<>(partial);
          m.put(d.param(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  @Override
  public Optional<Candidate> propose(int seq, List<TrialResult> history) {
    return seq < order.size() ? Optional.of(order.get(seq)) : Optional.empty();
  }

  @Override
  public String name() {
    return "grid";
  }
}
