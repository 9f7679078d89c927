package sparkwise.models;

import static sparkwise.features.FeatureVariant.LINEAR;
import static sparkwise.features.FeatureVariant.TREE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.regression.FMRegressor;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import sparkwise.Errors;
import sparkwise.Task;
import sparkwise.features.FeatureVariant;
import sparkwise.models.Dimension.Choice;
import sparkwise.models.Dimension.IntRange;
import sparkwise.models.Dimension.RealRange;

/** Every model family Sparkwise knows, with default search spaces that work on real data. */
public final class ModelCatalog {
  private static final Map<String, ModelFamily> FAMILIES = new LinkedHashMap<>();

  static {
    // First: the strongest and (on this kind of data) fastest family gets the first trial.
    add(XGBoostFamily.boosted());
    add(new MllibFamily("logistic_regression", LINEAR,
        Map.of(Task.BINARY, c -> new LogisticRegression(), Task.MULTICLASS, c -> new LogisticRegression()),
        t -> linearSpace(), Map.of("maxIter", 100)));
    add(new MllibFamily("linear_regression", LINEAR,
        Map.of(Task.REGRESSION, c -> new LinearRegression()),
        t -> linearSpace(), Map.of("maxIter", 100)));
    add(new MllibFamily("random_forest", TREE,
        Map.of(Task.BINARY, c -> new RandomForestClassifier(),
            Task.MULTICLASS, c -> new RandomForestClassifier(),
            Task.REGRESSION, c -> new RandomForestRegressor()),
        t -> List.of(
            new IntRange("numTrees", 20, 200, List.of(50, 120)),
            new IntRange("maxDepth", 4, 14, List.of(8, 12)),
            new IntRange("minInstancesPerNode", 1, 20, List.of(1, 5)),
            new Choice("featureSubsetStrategy", List.of("sqrt", "onethird", "0.5"))),
        Map.of("subsamplingRate", 0.8)));
    add(new MllibFamily("gbt", TREE,
        Map.of(Task.BINARY, c -> new GBTClassifier(), Task.REGRESSION, c -> new GBTRegressor()),
        t -> List.of(
            new IntRange("maxIter", 30, 150, List.of(40, 100)),
            new IntRange("maxDepth", 3, 8, List.of(4, 6)),
            new RealRange("stepSize", 0.03, 0.3, true, List.of(0.1)),
            new RealRange("subsamplingRate", 0.5, 1.0, false, List.of(0.8)),
            new IntRange("minInstancesPerNode", 1, 20, List.of(1, 10))),
        Map.of()));
    add(new MllibFamily("decision_tree", TREE,
        Map.of(Task.BINARY, c -> new DecisionTreeClassifier(),
            Task.MULTICLASS, c -> new DecisionTreeClassifier(),
            Task.REGRESSION, c -> new DecisionTreeRegressor()),
        t -> List.of(
            new IntRange("maxDepth", 3, 14, List.of(5, 10)),
            new IntRange("minInstancesPerNode", 1, 50, List.of(1, 10))),
        Map.of()));
    add(XGBoostFamily.randomForest());
    add(XGBoostFamily.linear());
    // Opt-in families (models.include): rarely the best on tables, they would dilute the default search.
    add(new MllibFamily("factorization_machines", LINEAR,
        Map.of(Task.BINARY, c -> new FMClassifier(), Task.REGRESSION, c -> new FMRegressor()),
        t -> List.of(
            new IntRange("factorSize", 2, 16, List.of(8, 4)),
            new RealRange("regParam", 1e-4, 0.3, true, List.of(0.01)),
            new RealRange("stepSize", 0.003, 0.3, true, List.of(0.03)),
            new IntRange("maxIter", 50, 300, List.of(100))),
        Map.of("solver", "adamW")));
    add(new PerceptronFamily());
    add(new SvmFamily());
    add(new MllibFamily("naive_bayes", LINEAR,
        // Gaussian: the scaled features may be negative, which multinomial and Bernoulli refuse.
        Map.of(Task.BINARY, c -> new NaiveBayes(), Task.MULTICLASS, c -> new NaiveBayes()),
        t -> List.of(new Choice("modelType", List.of("gaussian"))),
        Map.of()));
  }

  static {
    if (!names().equals(sparkwise.ModelNames.ALL)) { // a config is checked against that list
      throw new IllegalStateException("ModelNames.ALL " + sparkwise.ModelNames.ALL + " is not the catalog's " + names());
    }
  }

  /** Families searched only when {@code models.include} names them. */
  static final java.util.Set<String> OPT_IN =
      java.util.Set.of("decision_tree", "factorization_machines", "multilayer_perceptron", "naive_bayes", "linear_svm");

  private ModelCatalog() {}

  private static void add(ModelFamily f) {
    FAMILIES.put(f.name(), f);
  }

  private static List<Dimension> linearSpace() {
    return List.of(
        new RealRange("regParam", 1e-4, 1.0, true, List.of(0.001, 0.01, 0.1)),
        new Choice("elasticNetParam", List.of(0.0, 0.5, 1.0)));
  }

  public static List<String> names() {
    return List.copyOf(FAMILIES.keySet());
  }

  public static void requireKnown(String fieldPath, String name) {
    sparkwise.ModelNames.requireKnown(fieldPath, name);
  }

  public static ModelFamily get(String name) {
    requireKnown("model family", name);
    return FAMILIES.get(name);
  }

  /** {@link ModelFamily#cuttable} of family {@code name}; false for a name that is no family. */
  public static boolean cuttable(String name) {
    ModelFamily f = FAMILIES.get(name);
    return f != null && f.cuttable();
  }

  /** {@link ModelFamily#refitsOnAllCores} of family {@code name}; true for a name that is no family (an ensemble). */
  public static boolean refitsOnAllCores(String name) {
    ModelFamily f = FAMILIES.get(name);
    return f == null || f.refitsOnAllCores();
  }

  /** Default families only where trials run distributed: on the task engine their XGBoost counterparts stand in. */
  static final java.util.Set<String> SINGLE_NODE_DEFAULTS = java.util.Set.of("xgboost_rf", "xgboost_linear");

  /** The families to search for a task: {@code include} (all if empty) minus {@code exclude}. */
  public static List<ModelFamily> select(Task task, List<String> include, List<String> exclude) {
    return select(task, include, exclude, false);
  }

  /**
   * The same, where {@code singleNode} says the folds will fit the task engine: then the default
   * families (no {@code include}) are those with a single-node learner, XGBoost's boosted trees,
   * random forest and linear model, so that a minute buys dozens of trials; otherwise the default
   * is XGBoost and MLlib's families, every fit distributed.
   */
  public static List<ModelFamily> select(Task task, List<String> include, List<String> exclude, boolean singleNode) {
    if (include.isEmpty() && singleNode) {
      List<ModelFamily> fast = pick(task, exclude, f -> f.hasSingleNode() && !OPT_IN.contains(f.name()));
      if (!fast.isEmpty()) {
        return fast;
      }
    }
    List<ModelFamily> out = pick(task, exclude, f -> include.isEmpty()
        ? !OPT_IN.contains(f.name()) && !SINGLE_NODE_DEFAULTS.contains(f.name()) : include.contains(f.name()));
    if (out.isEmpty()) {
      throw Errors.config("models.include",
          "no family left for a " + task.id() + " task; families for it: "
              + String.join(", ", FAMILIES.values().stream().filter(f -> f.supports(task)).map(ModelFamily::name).toList()));
    }
    return out;
  }

  private static List<ModelFamily> pick(Task task, List<String> exclude, java.util.function.Predicate<ModelFamily> wanted) {
    List<ModelFamily> out = new ArrayList<>();
    for (ModelFamily f : FAMILIES.values()) {
      if (wanted.test(f) && !exclude.contains(f.name()) && f.supports(task)) {
        out.add(f);
      }
    }
    return out;
  }
}
