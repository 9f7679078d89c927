package sparkwise.search;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wall seconds the search took to fit each preprocessing variant on its folds (the folds side by
 * side), by variant name as trials record it. A refit fits the same plan once on more rows, so
 * these measure its preprocessing better than a rule of thumb from the table's size: adult's
 * target encoders took 8.9 s to refit where 2.3 s were estimated.
 */
public final class PreparationTimes {
  private final Map<String, Double> seconds = new ConcurrentHashMap<>();
  private final Map<String, Double> prefixSeconds = new ConcurrentHashMap<>();

  void add(String variant, double wallSeconds) {
    seconds.merge(variant, wallSeconds, Math::max);
  }

  void addPrefix(String variant, double wallSeconds) {
    prefixSeconds.merge(variant, wallSeconds, Math::max);
  }

  /**
   * Seconds fitting the variant's unsupervised prefix on all search rows took, once for every fold
   * (0 when it has no prefix or was not prepared): what a fit on all rows adds to a refit that
   * reused that prefix, scaled by rows. The folds' preparation scaled the same way was 2.6 s on car,
   * whose whole final fit took 2.0 s: on a small table it is mostly Spark's fixed cost per job.
   */
  public double prefixOf(String variant) {
    return prefixSeconds.getOrDefault(variant, 0.0);
  }

  /** The variant's measured preparation in seconds; 0 when it has not been prepared. */
  public double of(String variant) {
    return seconds.getOrDefault(variant, 0.0);
  }
}
