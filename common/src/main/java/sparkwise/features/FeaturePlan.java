package sparkwise.features;

import java.util.List;
import org.apache.spark.ml.PipelineStage;

/**
 * The preprocessing stages for one variant, ending in a vector column {@code featuresCol}.
 * {@code maxCategories} bounds the cardinality of categorical slots (tree families' maxBins).
 */
public record FeaturePlan(List<PipelineStage> stages, String featuresCol, int maxCategories, List<String> inputs) {}
