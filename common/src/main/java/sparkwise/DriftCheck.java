package sparkwise;

/** One drift measure of one feature (or of the model's metric) against its threshold. */
public record DriftCheck(String feature, String check, double value, double threshold, boolean alert) {
  public static final String PSI = "psi";
  public static final String KS = "ks";
  public static final String NEW_CATEGORY_RATE = "new_category_rate";
  public static final String NULL_RATE_INCREASE = "null_rate_increase";
  public static final String METRIC = "metric";
}
