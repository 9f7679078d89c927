package sparkwise;

import sparkwise.data.InputInfo;

/** Where a run writes and what it is called; {@code runId} null means "make one". */
public record TrainOptions(String warehouse, String runId, InputInfo input, Progress progress) {
  public static TrainOptions of(String warehouse) {
    return new TrainOptions(warehouse, null, new InputInfo("(dataset)", "dataset", null), Progress.SILENT);
  }
}
