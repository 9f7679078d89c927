package sparkwise.search;

import java.util.List;
import sparkwise.Task;
import sparkwise.models.ModelFamily;

/** The strategy named by {@code search.strategy}. */
public final class Strategies {
  private Strategies() {}

  public static SearchStrategy of(String name, List<ModelFamily> families, Task task, long seed,
      boolean largerIsBetter) {
    return switch (name) {
      case "grid" -> new GridStrategy(families, task);
      case "random" -> new RandomStrategy(families, task, seed);
      case "genetic" -> new GeneticStrategy(families, task, seed, largerIsBetter);
      case "bayesian", "auto" -> new TpeStrategy(families, task, seed, largerIsBetter);
      default -> throw sparkwise.Errors.notOneOf("search.strategy", name,
          sparkwise.config.TrainConfig.Search.STRATEGIES);
    };
  }
}
