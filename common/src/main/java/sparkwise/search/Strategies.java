package sparkwise.search;

import java.util.List;
import sparkwise.Task;
import sparkwise.models.ModelFamily;

/** The strategy named by {@code search.strategy}. */
public final class Strategies {
  /** Folds whose training parts are larger than this start halving on its lowest rung. */
  static final long LARGE_FOLD_ROWS = 100_000;

  private Strategies() {}

  public static SearchStrategy of(String name, List<ModelFamily> families, Task task, long seed,
      boolean largerIsBetter) {
    return of(name, families, task, seed, largerIsBetter, 0);
  }

  /**
   * {@code auto} is successive halving over data fractions with TPE proposals when the folds'
   * training parts ({@code foldTrainRows} rows) are large enough to gain from it, else TPE alone.
   */
  public static SearchStrategy of(String name, List<ModelFamily> families, Task task, long seed,
      boolean largerIsBetter, long foldTrainRows) {
    return of(name, families, task, seed, largerIsBetter, foldTrainRows, null);
  }

  /**
   * As above, warm-started when {@code warm} is given: its seeds are the first proposals of the
   * strategy (of {@code auto}'s TPE, under successive halving) and its priors join the history.
   */
  public static SearchStrategy of(String name, List<ModelFamily> families, Task task, long seed,
      boolean largerIsBetter, long foldTrainRows, WarmStart warm) {
    java.util.function.UnaryOperator<SearchStrategy> warmed = s -> warm == null ? s : new WarmStartStrategy(s, warm);
    return switch (name) {
      case "grid" -> warmed.apply(new GridStrategy(families, task));
      case "random" -> warmed.apply(new RandomStrategy(families, task, seed));
      case "genetic" -> warmed.apply(new GeneticStrategy(families, task, seed, largerIsBetter));
      case "bayesian" -> warmed.apply(new TpeStrategy(families, task, seed, largerIsBetter));
      case "auto" -> {
        double[] fractions = HalvingStrategy.fractionsFor(foldTrainRows);
        SearchStrategy tpe = warmed.apply(
            new TpeStrategy(families, task, seed, largerIsBetter, Portfolio.start(families, task)));
        yield fractions.length == 1 ? tpe : new HalvingStrategy(tpe, fractions, largerIsBetter,
            foldTrainRows > LARGE_FOLD_ROWS ? fractions[0] : 1.0);
      }
      default -> throw sparkwise.Errors.notOneOf("search.strategy", name,
          sparkwise.TrainConfig.Search.STRATEGIES);
    };
  }
}
