package sparkwise;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Loads a YAML job config safely (plain data only: type tags are refused) and validates every
 * field in one step. Errors name the field path, the bad value and what is allowed.
 */
public final class ConfigLoader {
  private static final YAMLFactory YAML = new YAMLFactory();

  private ConfigLoader() {}

  public static TrainConfig load(Path file, ConfigOverrides overrides) {
    if (file == null) {
      return fromTree(null, overrides);
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw Errors.badConfigFile(file.toString(), "no such config file", e);
    } catch (IOException e) {
      throw Errors.badConfigFile(file.toString(), "cannot be read (" + e.getMessage() + ")", e);
    }
    return fromTree(parse(file.toString(), text), overrides);
  }

  /** Validates YAML text (as a file would hold it); {@code source} names it in errors. */
  public static TrainConfig fromYaml(String source, String text, ConfigOverrides overrides) {
    return fromTree(parse(source, text), overrides);
  }

  /** Parses YAML text into a tree, refusing type tags such as {@code !!java.net.URL}. */
  static JsonNode parse(String source, String text) {
    try (YAMLParser parser = YAML.createParser(text)) {
      ObjectMapper mapper = new ObjectMapper(YAML);
      refuseTags(source, parser);
      try (JsonParser again = YAML.createParser(text)) {
        JsonNode tree = mapper.readTree(again);
        return tree == null || tree.isMissingNode() ? null : tree;
      }
    } catch (IOException e) {
      String msg = Errors.firstLine(e);
      throw Errors.badConfigFile(source, "invalid YAML (" + msg + ")", e);
    }
  }

  private static void refuseTags(String source, YAMLParser parser) throws IOException {
    JsonToken t;
    while ((t = parser.nextToken()) != null) {
      String tag = parser.getTypeId();
      if (tag != null) {
        throw Errors.badConfigFile(source, "YAML type tag '" + tag + "' at line "
            + parser.currentLocation().getLineNr() + " is not allowed: configs are plain data", null);
      }
      if (t == JsonToken.FIELD_NAME && parser.currentName().startsWith("<<")) {
        throw Errors.badConfigFile(source, "YAML merge keys are not allowed", null);
      }
    }
  }

  /** Validates a parsed tree (null = all defaults) and applies command-line overrides. */
  public static TrainConfig fromTree(JsonNode tree, ConfigOverrides o) {
    ConfigNode root = new ConfigNode("", tree);
    String label = root.string("label", null);
    String task = root.oneOf("task", "auto", TrainConfig.TASKS.toArray(String[]::new));
    String metric = root.oneOf("metric", "auto", TrainConfig.METRICS.toArray(String[]::new));
    long seed = root.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
    String budgetText = root.string("budget", "10m");
    Duration budget = Budget.parse("budget", budgetText);
    String finalFit = root.oneOf("final_fit", "all", TrainConfig.FINAL_FITS.toArray(String[]::new));

    ConfigNode in = root.child("input");
    TrainConfig.Input input = new TrainConfig.Input(
        in.oneOf("malformed_rows", "fail", sparkwise.MalformedRows.IDS.toArray(String[]::new)));
    in.finish();

    ConfigNode s = root.child("split");
    TrainConfig.Split split = new TrainConfig.Split(
        s.number("holdout_fraction", 0.2, 0.0, 0.9),
        s.oneOf("mode", "kfold", TrainConfig.Split.MODES.toArray(String[]::new)),
        (int) s.integer("folds", 3, 2, 20),
        s.number("validation_fraction", 0.2, 0.0, 0.9),
        s.string("time_column", null));
    s.finish();

    ConfigNode se = root.child("search");
    TrainConfig.Search search = new TrainConfig.Search(
        se.oneOf("strategy", "auto", TrainConfig.Search.STRATEGIES.toArray(String[]::new)),
        (int) se.integer("max_trials", 0, 0, 100_000),
        (int) se.integer("parallelism", 2, 1, 256),
        se.oneOf("engine", "auto", TrainConfig.Search.ENGINES.toArray(String[]::new)),
        se.integer("task_engine_max_mb", 0, 0, 1L << 20),
        o.warmStart() != null ? o.warmStart() : se.string("warm_start", null),
        se.bool("early_stopping", true),
        se.bool("pruning", true),
        se.bool("fold_cache", true),
        se.bool("halving", true));
    se.finish();

    ConfigNode m = root.child("models");
    TrainConfig.Models models = new TrainConfig.Models(m.strings("include"), m.strings("exclude"));
    m.finish();
    for (int i = 0; i < models.include().size(); i++) {
      ModelNames.requireKnown("models.include[" + i + "]", models.include().get(i));
    }
    for (int i = 0; i < models.exclude().size(); i++) {
      ModelNames.requireKnown("models.exclude[" + i + "]", models.exclude().get(i));
    }

    ConfigNode f = root.child("features");
    TrainConfig.Features features = new TrainConfig.Features(
        f.oneOf("scaling", "zscore", TrainConfig.Features.SCALINGS.toArray(String[]::new)),
        (int) f.integer("max_onehot", 32, 2, 10_000),
        f.strings("drop"),
        f.strings("keep"),
        f.oneOf("selection", "auto", TrainConfig.Features.SELECTIONS.toArray(String[]::new)),
        f.string("score_sample", null),
        f.number("drift_threshold", 0.2, 0.0, 1.0),
        f.number("fill_rate_drop", 0.5, 0.0, 1.0),
        (int) f.integer("max_columns", TrainConfig.Features.MAX_COLUMNS, 0, 1_000_000));
    f.finish();

    ConfigNode en = root.child("ensemble");
    TrainConfig.Ensemble ensemble = new TrainConfig.Ensemble(
        en.bool("enabled", true),
        en.oneOf("method", "auto", TrainConfig.Ensemble.METHODS.toArray(String[]::new)),
        (int) en.integer("max_members", 5, 2, 20));
    en.finish();

    ConfigNode mo = root.child("monitoring");
    TrainConfig.Monitoring d = TrainConfig.Monitoring.defaults();
    TrainConfig.Monitoring monitoring = new TrainConfig.Monitoring(
        mo.number("psi", d.psi(), 0.0, 100.0),
        mo.number("ks", d.ks(), 0.0, 1.0),
        mo.number("new_category_rate", d.newCategoryRate(), 0.0, 1.0),
        mo.number("null_rate_increase", d.nullRateIncrease(), 0.0, 1.0),
        mo.number("metric_drop", d.metricDrop(), 0.0, 1.0));
    mo.finish();
    root.finish();

    if (o.label() != null) {
      label = o.label();
    }
    if (o.budget() != null) {
      try {
        budget = Budget.parse("budget", o.budget());
      } catch (SparkwiseException e) { // the caller's budget, not the file's field
        throw Errors.asParameter(Parameter.BUDGET, e);
      }
    }
    if (o.seed() != null) {
      seed = o.seed();
    }
    if (label != null && label.isBlank()) {
      throw Errors.config("label", "must name a column, got an empty name");
    }
    return new TrainConfig(label, task, metric, seed, budget, split, search, models, features, monitoring, input,
        ensemble, finalFit);
  }
}
