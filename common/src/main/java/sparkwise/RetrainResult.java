package sparkwise;

/**
 * What {@link Sparkwise#retrain} returns: the candidate's run (registered as the next version of
 * the model), the alias holder it was measured against on the same holdout rows, and the decision:
 * {@code promoted} (the alias now points at the candidate) or {@code kept} (it did not move).
 */
public record RetrainResult(TrainResult run, String name, String alias, long holderVersion, long candidateVersion,
    Comparison comparison, Double margin, String decision, String reason) {
  public static final String PROMOTED = "promoted";
  public static final String KEPT = "kept";
  public static final String CONFLICT = "conflict";
}
