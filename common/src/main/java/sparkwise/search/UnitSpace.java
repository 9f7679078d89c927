package sparkwise.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;

/** A family's search space seen as the unit cube: what model-guided strategies work in. */
final class UnitSpace {
  private UnitSpace() {}

  /** The family's default candidate: the first grid point of every dimension. */
  static Candidate defaults(int seq, ModelFamily f, Task task) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (Dimension d : f.space(task)) {
      params.put(d.param(), d.grid().get(0));
    }
    return new Candidate(seq, f.name(), params);
  }

  static double[] randomPoint(int dims, Random r) {
    double[] x = new double[dims];
    for (int d = 0; d < dims; d++) {
      x[d] = r.nextDouble();
    }
    return x;
  }

  static double[] encode(List<Dimension> dims, Map<String, Object> params) {
    double[] x = new double[dims.size()];
    for (int d = 0; d < dims.size(); d++) {
      Object v = params.get(dims.get(d).param());
      x[d] = v == null ? 0.5 : dims.get(d).encode(v);
    }
    return x;
  }

  static Map<String, Object> decode(List<Dimension> dims, double[] x) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int d = 0; d < dims.size(); d++) {
      params.put(dims.get(d).param(), dims.get(d).decode(x[d]));
    }
    return params;
  }
}
