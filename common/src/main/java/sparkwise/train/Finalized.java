package sparkwise.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import sparkwise.monitoring.Baseline;
import sparkwise.TrialResult;

/**
 * What the finalize phase hands on: the chosen entry and the saved model, its holdout metrics and
 * diagnostics, the best single model's (empty when there was no time to measure it), the drift
 * baseline, and {@code finalFit}: the rows the saved model was trained on ({@code all} or {@code train}).
 */
record Finalized(TrialResult best, TrialResult bestSingle, PipelineModel model, Map<String, Double> holdout,
    ObjectNode evaluation, Map<String, Double> bestSingleHoldout, Baseline baseline, String finalFit,
    sparkwise.Comparison comparison) {}
