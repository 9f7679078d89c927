package sparkwise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import sparkwise.search.TrialResult;

/** What {@link Sparkwise#train} returns: the fitted model, the ranked trials and the summary. */
public record TrainResult(
    String runId, PipelineModel model, String modelPath, List<TrialResult> leaderboard, ObjectNode summary) {}
