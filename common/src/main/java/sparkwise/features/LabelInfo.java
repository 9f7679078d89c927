package sparkwise.features;

import java.util.List;
import sparkwise.Task;

/**
 * The label as found in the data: its task, and for classification the classes in index order
 * (index 1 is the positive class of a binary task) with their row counts.
 */
public record LabelInfo(
    String name, String sparkType, Task task, List<String> classes, List<Long> classCounts,
    long rows, long nullRows) {

  public long usableRows() {
    return rows - nullRows;
  }
}
