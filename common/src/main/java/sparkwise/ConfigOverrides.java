package sparkwise;

/** Values given on the command line; each non-null one wins over the YAML file. */
public record ConfigOverrides(String label, String budget, Long seed, String warmStart) {
  public ConfigOverrides(String label, String budget, Long seed) {
    this(label, budget, seed, null);
  }

  public static ConfigOverrides none() {
    return new ConfigOverrides(null, null, null, null);
  }
}
