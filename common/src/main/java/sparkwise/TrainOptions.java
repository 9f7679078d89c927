package sparkwise;

import java.util.Map;

/**
 * Where a run writes and what it is called; {@code runId} null means "make one";
 * {@code register} (may be null) is the registry name the model is added to, with {@code tags};
 * {@code resume} continues the run {@code runId} from the trials it has already recorded.
 * {@code startedAtMillis} is when the budget's clock started (null: when {@code train} is called);
 * a launcher passes its process start so that the budget is the whole job's wall time.
 * {@code compareWith} (null: none) is a model folder measured on the run's holdout rows beside the
 * run's own model, so that the two compare on the same fresh rows (retraining).
 */
public record TrainOptions(String warehouse, String runId, InputInfo input, Progress progress, String register,
    Map<String, String> tags, boolean resume, Long startedAtMillis, String compareWith) {
  public TrainOptions(String warehouse, String runId, InputInfo input, Progress progress) {
    this(warehouse, runId, input, progress, null, Map.of(), false, null, null);
  }

  public static TrainOptions of(String warehouse) {
    return new TrainOptions(warehouse, null, new InputInfo("(dataset)", "dataset", null), Progress.SILENT);
  }

  public TrainOptions registeringAs(String name, Map<String, String> withTags) {
    return new TrainOptions(warehouse, runId, input, progress, name, Map.copyOf(withTags), resume, startedAtMillis, compareWith);
  }

  /** Continue run {@code id} instead of starting a new one. */
  public TrainOptions resuming(String id) {
    return new TrainOptions(warehouse, id, input, progress, register, tags, true, startedAtMillis, compareWith);
  }

  public TrainOptions withProgress(Progress p) {
    return new TrainOptions(warehouse, runId, input, p, register, tags, resume, startedAtMillis, compareWith);
  }

  /** The budget counts from {@code millis} (epoch), e.g. the launching process's start. */
  public TrainOptions clockStartedAt(long millis) {
    return new TrainOptions(warehouse, runId, input, progress, register, tags, resume, millis, compareWith);
  }

  /** Also measure the model at {@code modelPath} on this run's holdout rows. */
  public TrainOptions comparingWith(String modelPath) {
    return new TrainOptions(warehouse, runId, input, progress, register, tags, resume, startedAtMillis, modelPath);
  }
}
