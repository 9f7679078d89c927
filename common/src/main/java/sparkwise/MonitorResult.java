package sparkwise;

import java.util.List;

/**
 * A monitoring run: its id in the {@code monitoring} table, the rows checked, the model (as
 * messages name it), how many features its baseline holds, and every check with its verdict.
 */
public record MonitorResult(String id, long rows, String model, int features, List<DriftCheck> checks) {
  public boolean alert() {
    return checks.stream().anyMatch(DriftCheck::alert);
  }
}
