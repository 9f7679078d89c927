package sparkwise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.ml.PipelineModel;

/**
 * What {@link Sparkwise#train} returns: the fitted model, the ranked trials and the summary; the
 * registered version (null when not registered) and the comparison asked for with
 * {@link TrainOptions#comparingWith} (null when none).
 */
public record TrainResult(String runId, PipelineModel model, String modelPath, List<TrialResult> leaderboard,
    ObjectNode summary, Long registeredVersion, Comparison comparison) {
  public TrainResult(String runId, PipelineModel model, String modelPath, List<TrialResult> leaderboard,
      ObjectNode summary) {
    this(runId, model, modelPath, leaderboard, summary, null, null);
  }
}
