package sparkwise;

import java.util.List;

/**
 * The model family names a config may give ({@code models.include}, {@code models.exclude}), in
 * the catalog's order. The catalog of families ({@code sparkwise.models.ModelCatalog}) holds
 * exactly these and checks so when it loads; a config is checked against them here, when read,
 * without the config package knowing the families themselves.
 */
public final class ModelNames {
  public static final List<String> ALL = List.of("xgboost", "logistic_regression", "linear_regression",
      "random_forest", "gbt", "decision_tree", "xgboost_rf", "xgboost_linear", "factorization_machines",
      "multilayer_perceptron", "linear_svm", "naive_bayes");

  private ModelNames() {}

  /** Rejects {@code name} at {@code fieldPath} unless it names a model family. */
  public static void requireKnown(String fieldPath, String name) {
    if (!ALL.contains(name)) {
      throw Errors.notOneOf(fieldPath, name, ALL);
    }
  }
}
