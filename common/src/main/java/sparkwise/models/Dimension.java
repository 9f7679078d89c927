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

  /** Where {@code value} lies in the unit interval (log scale for log ranges). */
  double encode(Object value);

  /** The value at {@code u} in [0, 1] (clamped), typed as the param expects. */
  Object decode(double u);

  private static double clamp(double u) {
    return Math.max(0.0, Math.min(1.0, u));
  }

  /** A fixed set of values, sampled uniformly. */
  record Choice(String param, List<Object> values) implements Dimension {
    public List<Object> grid() {
      return values;
    }

    public Object sample(Random random) {
      return values.get(random.nextInt(values.size()));
    }

    public double encode(Object value) {
      int i = values.indexOf(value);
      if (i < 0) {
        for (int j = 0; j < values.size(); j++) { // numbers read back from JSON may differ in type
          if (String.valueOf(values.get(j)).equals(String.valueOf(value))) {
            i = j;
          }
        }
      }
      return (Math.max(0, i) + 0.5) / values.size();
    }

    public Object decode(double u) {
      return values.get(Math.min(values.size() - 1, (int) Math.floor(clamp(u) * values.size())));
    }
  }

  /** Whole numbers in [low, high], sampled uniformly. */
  record IntRange(String param, int low, int high, List<Object> grid) implements Dimension {
    public Object sample(Random random) {
      return low + random.nextInt(high - low + 1);
    }

    public double encode(Object value) {
      return high == low ? 0.5 : (((Number) value).doubleValue() - low) / (high - low);
    }

    public Object decode(double u) {
      return (int) Math.round(low + clamp(u) * (high - low));
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

    public double encode(Object value) {
      double v = ((Number) value).doubleValue();
      return log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
    }

    public Object decode(double u) {
      double c = clamp(u);
      return log ? Math.exp(Math.log(low) + c * (Math.log(high) - Math.log(low))) : low + c * (high - low);
    }
  }
}
