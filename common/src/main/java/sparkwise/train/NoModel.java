package sparkwise.train;

import java.util.List;
import java.util.Objects;
import sparkwise.Errors;
import sparkwise.SparkwiseException;
import sparkwise.TrialResult;

/** The error of a search that ended with no trial finished. */
final class NoModel {
  private NoModel() {}

  static SparkwiseException error(List<TrialResult> trials) {
    String first = trials.stream().map(TrialResult::error).filter(Objects::nonNull).findFirst().orElse("none ran");
    return Errors.internal("search", new IllegalStateException(
        "no trial succeeded within the budget; the first error was: " + first));
  }
}
