package sparkwise.features;

/** The preprocessing a family needs. */
public enum FeatureVariant {
  /** One-hot encoded categoricals and scaled numerics: linear models, neural nets. */
  LINEAR,
  /** Indexed categoricals, unscaled numerics: tree models. */
  TREE
}
