package sparkwise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The validated, immutable configuration of one {@code train} run. Build it with
 * {@link ConfigLoader}; every field has a documented default (see conf/example.yaml).
 */
public record TrainConfig(
    String label,
    String task,
    String metric,
    long seed,
    Duration budget,
    Split split,
    Search search,
    Models models,
    Features features,
    Monitoring monitoring,
    Input input,
    Ensemble ensemble,
    String finalFit) {

  public static final List<String> TASKS = List.of("auto", "binary", "multiclass", "regression");
  /** The rows the saved model is trained on: all rows (the holdout too), or the training rows only. */
  public static final List<String> FINAL_FITS = List.of("all", "train");
  public static final List<String> METRICS =
      List.of("auto", "roc_auc", "pr_auc", "accuracy", "f1", "logloss", "r2", "rmse", "mae");

  /** Ensembles over the best trials' out-of-fold predictions: auto builds voting, selection and stacking. */
  public record Ensemble(boolean enabled, String method, int maxMembers) {
    public static final List<String> METHODS = List.of("auto", "voting", "stacking", "selection");
  }

  /** How the input is read: {@code malformedRows} is fail or drop (see {@link sparkwise.MalformedRows}). */
  public record Input(String malformedRows) {
    public sparkwise.MalformedRows policy() {
      return sparkwise.MalformedRows.fromId(malformedRows);
    }
  }

  /**
   * How rows are held out and folded. With {@code timeColumn} the split is ordered by time: the
   * latest rows are the holdout and each validation block is trained on the blocks before it.
   */
  public record Split(double holdoutFraction, String mode, int folds, double validationFraction, String timeColumn) {
    public static final List<String> MODES = List.of("kfold", "train_validation");

    public boolean timeOrdered() {
      return timeColumn != null;
    }
  }

  /**
   * How candidates are proposed and run. {@code engine}: {@code auto} runs the trials of families
   * with a single-node learner as Spark tasks when a variant's folds fit in {@code taskEngineMaxMb}
   * MiB as dense rows (0: an eighth of the heap, at most 1 GiB), {@code distributed} never does.
   * {@code warmStart}: a registered model ({@code NAME@ALIAS}, {@code NAME:V}) or run id whose
   * trials seed this search (null: a cold start). {@code earlyStopping}, {@code pruning},
   * {@code foldCache} and {@code halving} (of {@code auto}): mechanisms that make the search fast,
   * on by default; a benchmark turns them off one at a time to measure what each brings.
   */
  public record Search(String strategy, int maxTrials, int parallelism, String engine, long taskEngineMaxMb,
      String warmStart, boolean earlyStopping, boolean pruning, boolean foldCache, boolean halving) {
    public static final List<String> STRATEGIES = List.of("auto", "grid", "random", "bayesian", "genetic");
    public static final List<String> ENGINES = List.of("auto", "distributed");

    public Search(String strategy, int maxTrials, int parallelism) {
      this(strategy, maxTrials, parallelism, "auto", 0, null, true, true, true, true);
    }

    /** This search warm-started from {@code ref} (a registry reference or run id; null: none). */
    public Search warmStartingFrom(String ref) {
      return new Search(strategy, maxTrials, parallelism, engine, taskEngineMaxMb, ref, earlyStopping, pruning,
          foldCache, halving);
    }

    /** The task engine's bound in bytes, 0 when it is off. */
    public long taskEngineMaxBytes(long derived) {
      return "distributed".equals(engine) ? 0 : taskEngineMaxMb > 0 ? taskEngineMaxMb << 20 : derived;
    }
  }

  /** Which model families may be tried. Empty include means every family that fits the task. */
  public record Models(List<String> include, List<String> exclude) {}

  /**
   * Preprocessing choices. {@code scoreSample}: a sample of the data the model will score; columns
   * whose distribution differs from training by more than {@code driftThreshold} (Jensen–Shannon
   * divergence, base 2, 0..1) or whose fill rate falls by more than {@code fillRateDrop} are dropped.
   */
  public record Features(String scaling, int maxOneHot, List<String> drop, List<String> keep, String selection,
      String scoreSample, double driftThreshold, double fillRateDrop, int maxColumns) {
    public static final List<String> SCALINGS = List.of("zscore", "minmax", "none");
    public static final List<String> SELECTIONS = List.of("auto", "univariate", "importance", "variance", "none");
    /** Feature columns a table keeps at most by default (wider ones are screened; 0: no limit). */
    public static final int MAX_COLUMNS = 1000;

    public Features(String scaling, int maxOneHot, List<String> drop, List<String> keep, String selection) {
      this(scaling, maxOneHot, drop, keep, selection, null, 0.2, 0.5, MAX_COLUMNS);
    }
  }

  /**
   * Drift alert thresholds for {@code monitor}: PSI and (binned) KS distance per feature, share of
   * rows with categories never seen in training, rise of a column's null rate, and the drop of
   * the optimised metric below the training holdout (relative, e.g. 0.05 = 5 % worse).
   */
  public record Monitoring(double psi, double ks, double newCategoryRate, double nullRateIncrease, double metricDrop) {
    public static Monitoring defaults() {
      return new Monitoring(0.25, 0.2, 0.01, 0.1, 0.05);
    }
  }

  public static TrainConfig defaults() {
    return ConfigLoader.fromTree(null, ConfigOverrides.none());
  }

  /** This config with {@code newSearch} and {@code newBudget} (the rest unchanged). */
  public TrainConfig with(Search newSearch, Duration newBudget) {
    return new TrainConfig(label, task, metric, seed, newBudget, split, newSearch, models, features, monitoring, input,
        ensemble, finalFit);
  }

  public TrainConfig withLabel(String newLabel) {
    return new TrainConfig(newLabel, task, metric, seed, budget, split, search, models, features, monitoring, input,
        ensemble, finalFit);
  }

  /** The resolved config as JSON: what runs record and what the config hash covers. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("label", label);
    root.put("task", task);
    root.put("metric", metric);
    root.put("seed", seed);
    root.put("budget", Budget.format(budget));
    if (!"all".equals(finalFit)) { // the default is left out: earlier runs' configs and hashes stay as they were
      root.put("final_fit", finalFit);
    }
    root.putObject("input").put("malformed_rows", input.malformedRows());
    ObjectNode s = root.putObject("split");
    s.put("holdout_fraction", split.holdoutFraction());
    s.put("mode", split.mode());
    s.put("folds", split.folds());
    s.put("validation_fraction", split.validationFraction());
    if (split.timeColumn() != null) {
      s.put("time_column", split.timeColumn());
    }
    ObjectNode se = root.putObject("search");
    se.put("strategy", search.strategy());
    se.put("max_trials", search.maxTrials());
    se.put("parallelism", search.parallelism());
    if (!"auto".equals(search.engine())) { // written only when set, so earlier runs' config hashes still match
      se.put("engine", search.engine());
    }
    if (search.warmStart() != null) {
      se.put("warm_start", search.warmStart());
    }
    if (search.taskEngineMaxMb() > 0) {
      se.put("task_engine_max_mb", search.taskEngineMaxMb());
    }
    ObjectNode m = root.putObject("models");
    models.include().forEach(m.putArray("include")::add);
    models.exclude().forEach(m.putArray("exclude")::add);
    ObjectNode f = root.putObject("features");
    f.put("scaling", features.scaling());
    f.put("max_onehot", features.maxOneHot());
    features.drop().forEach(f.putArray("drop")::add);
    features.keep().forEach(f.putArray("keep")::add);
    f.put("selection", features.selection());
    f.put("max_columns", features.maxColumns());
    if (features.scoreSample() != null) {
      f.put("score_sample", features.scoreSample());
      f.put("drift_threshold", features.driftThreshold());
      f.put("fill_rate_drop", features.fillRateDrop());
    }
    root.putObject("ensemble").put("enabled", ensemble.enabled()).put("method", ensemble.method())
        .put("max_members", ensemble.maxMembers());
    ObjectNode mo = root.putObject("monitoring");
    mo.put("psi", monitoring.psi());
    mo.put("ks", monitoring.ks());
    mo.put("new_category_rate", monitoring.newCategoryRate());
    mo.put("null_rate_increase", monitoring.nullRateIncrease());
    mo.put("metric_drop", monitoring.metricDrop());
    return root.toString();
  }

  /** SHA-256 of the resolved config, minus the budget (a longer budget is the same
   * experiment) and the monitoring thresholds (they do not change the model). */
  public String hash() {
    try {
      ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(toJson());
      tree.remove("budget");
      tree.remove("monitoring");
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(tree.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
