package sparkwise.models;

import java.util.List;
import java.util.Random;

/**
 * One hyperparameter's range: the points a grid search visits and the distribution a random
 * search samples. Values are typed as the MLlib param expects (Integer, Double or String).
 */
public sealed interface Dimension {
  String param();

  List<Object> grid();

  Object sample(Random random);

  /** A fixed set of values, sampled uniformly. */
  record Choice(String param, List<Object> values) implements Dimension {
    public List<Object> grid() {
      return values;
    }

    public Object sample(Random random) {
      return values.get(random.nextInt(values.size()));
    }
  }

  /** Whole numbers in [low, high], sampled uniformly. */
  record IntRange(String param, int low, int high, List<Object> grid) implements Dimension {
    public Object sample(Random random) {
      return low + random.nextInt(high - low + 1);
    }
  }

  /** Reals in [low, high], sampled uniformly or on a log scale. */
  record RealRange(String param, double low, double high, boolean log, List<Object> grid)
      implements Dimension {
    public Object sample(Random random) {
      double u = random.nextDouble();
      return log
          ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
          : low + u * (high - low);
    }
  }
}
