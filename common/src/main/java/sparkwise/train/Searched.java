package sparkwise.train;

import java.util.List;
import java.util.Map;
import sparkwise.search.OofStore;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeatureVariant;
import sparkwise.search.PreparationTimes;
import sparkwise.TrialResult;

/**
 * What the search phase hands on: the feature plans, every trial in proposal order, those that can
 * become the model ranked best first, the out-of-fold store (null without ensembles), and the
 * rows of one fold's training part (the refit's estimates scale from it), and the warm start
 * the search began from (null: a cold start), and what preparing each variant's folds took, and
 * each variant's unsupervised prefix as the search fitted it on the training rows (a refit on those
 * rows applies it rather than fitting it again).
 */
record Searched(Map<FeatureVariant, FeaturePlan> plans, List<TrialResult> trials, List<TrialResult> ranked,
    OofStore oof, long foldTrainRows, sparkwise.search.WarmStart warm, PreparationTimes preparation,
    Map<FeatureVariant, List<org.apache.spark.ml.Transformer>> fittedPrefixes) {

  /** Fitting {@code variant}'s preprocessing on {@code rows} rows, from its fold preparation's time. */
  double preprocessing(String variant, long rows) {
    return PhaseEstimates.variantRefit(preparation.of(variant), foldTrainRows, rows);
  }
}
