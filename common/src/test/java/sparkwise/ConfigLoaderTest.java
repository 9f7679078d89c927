package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private TrainConfig load(String yaml) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(f, ConfigOverrides.none());
  }

  private SparkwiseException rejected(String yaml) {
    SparkwiseException e = assertThrows(SparkwiseException.class, () -> load(yaml));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.ConfigException.class, e);
    return e;
  }

  @Test
  void defaultsAreDocumentedValues() {
    TrainConfig c = TrainConfig.defaults();
    assertEquals("auto", c.task());
    assertEquals(42, c.seed());
    assertEquals(Duration.ofMinutes(10), c.budget());
    assertEquals(3, c.split().folds());
    assertEquals(0.2, c.split().holdoutFraction());
    assertEquals(0, c.search().maxTrials(), "no bound on trials: the budget ends the search");
    assertTrue(c.search().earlyStopping() && c.search().pruning() && c.search().foldCache() && c.search().halving(),
        "the search's mechanisms are on unless switched off");
  }

  @Test
  void readsEveryField() throws Exception {
    TrainConfig c = load("""
        label: y
        task: binary
        metric: pr_auc
        seed: 7
        budget: 90s
        split: {holdout_fraction: 0.25, mode: train_validation, folds: 4, validation_fraction: 0.3}
        search: {strategy: grid, max_trials: 5, parallelism: 3, pruning: false, fold_cache: false, halving: false}
        models: {include: [gbt, random_forest], exclude: []}
        features: {scaling: minmax, max_onehot: 10, drop: [a], keep: [b]}
        """);
    assertEquals("y", c.label());
    assertEquals(Duration.ofSeconds(90), c.budget());
    assertEquals("train_validation", c.split().mode());
    assertEquals(5, c.search().maxTrials());
    assertTrue(!c.search().pruning() && !c.search().foldCache() && !c.search().halving(), c.search().toString());
    assertEquals(java.util.List.of("gbt", "random_forest"), c.models().include());
    assertEquals("minmax", c.features().scaling());
  }

  @Test
  void unknownKeySuggestsTheNearestOne() {
    SparkwiseException e = rejected("search:\n  stratgy: grid\n");
    assertTrue(e.getMessage().startsWith("search.stratgy: unknown key (did you mean 'strategy'?)"), e.getMessage());
  }

  @Test
  void wrongTypeNamesTheFieldPath() {
    assertTrue(rejected("split:\n  folds: three\n").getMessage().startsWith("split.folds: must be a whole number"));
  }

  @Test
  void outOfRangeSaysWhatIsAllowed() {
    String m = rejected("split:\n  folds: 1\n").getMessage();
    assertTrue(m.contains("split.folds") && m.contains("between 2 and 20"), m);
  }

  @Test
  void unknownValueSuggests() {
    String m = rejected("search:\n  strategy: randm\n").getMessage();
    assertTrue(m.contains("did you mean 'random'"), m);
    assertTrue(rejected("models:\n  include: [xgboosted]\n").getMessage().startsWith("models.include[0]"));
  }

  @Test
  void typeTagsAreRefused() {
    String m = rejected("label: !!java.net.URL [\"http://example.com\"]\n").getMessage();
    assertTrue(m.contains("type tag"), m);
  }

  @Test
  void invalidYamlNamesTheFile() {
    String m = rejected("label: [unclosed\n").getMessage();
    assertTrue(m.contains("c.yaml") && m.contains("invalid YAML"), m);
  }

  @Test
  void budgetsParseAndBadOnesFail() {
    assertEquals(Duration.ofSeconds(5400), Budget.parse("budget", "1h30m"));
    assertEquals("--budget: must be a positive duration such as 90s, 10m or 1h, got -5m",
        assertThrows(SparkwiseException.class, () -> Budget.parse("--budget", "-5m")).getMessage());
    SparkwiseException passed = assertThrows(SparkwiseException.class,
        () -> ConfigLoader.load(null, new ConfigOverrides("y", "-5m", null)));
    assertEquals(java.util.Optional.of(sparkwise.Parameter.BUDGET), passed.parameter()); // the caller's, not the file's
    assertEquals("must be a positive duration such as 90s, 10m or 1h, got -5m", passed.problem());
    assertThrows(SparkwiseException.class, () -> Budget.parse("budget", "ten minutes"));
    assertThrows(SparkwiseException.class, () -> Budget.parse("budget", "0s"));
  }

  @Test
  void flagsOverrideTheFileAndTheHashIgnoresTheBudget() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "label: a\nbudget: 1m\nseed: 1\n");
    TrainConfig c = ConfigLoader.load(f, new ConfigOverrides("b", "2m", 9L));
    assertEquals("b", c.label());
    assertEquals(Duration.ofMinutes(2), c.budget());
    assertEquals(9, c.seed());
    TrainConfig longer = ConfigLoader.load(f, new ConfigOverrides("b", "5m", 9L));
    assertEquals(c.hash(), longer.hash());
    assertNotEquals(c.hash(), ConfigLoader.load(f, new ConfigOverrides("b", "2m", 10L)).hash());
  }

  @Test
  void missingFileIsAUsageError() {
    SparkwiseException e = assertThrows(SparkwiseException.class,
        () -> ConfigLoader.load(dir.resolve("nope.yaml"), ConfigOverrides.none()));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.ConfigException.class, e);
    assertTrue(e.getMessage().contains("no such config file"));
  }
}
