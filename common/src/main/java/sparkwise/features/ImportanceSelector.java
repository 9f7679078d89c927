package sparkwise.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Feature selection by importance from a quick tree model: a small random forest (20 shallow
 * trees, on at most {@code sampleRows} rows) is fitted on the vector, and the {@code maxFeatures}
 * slots with the highest split importance (and any importance at all) are kept, in their order.
 * The fitted {@link ImportanceSelectorModel} slices the vector and keeps the slots' attributes.
 */
public final class ImportanceSelector extends Estimator<ImportanceSelectorModel> implements DefaultParamsWritable {
  private final String uid;
  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> outputCol;
  final BooleanParam classification;
  final IntParam maxFeatures;
  final IntParam sampleRows;
  final IntParam maxBins;
  final LongParam seed;

  public ImportanceSelector(String uid) {
    this.uid = uid;
    featuresCol = new Param<>(this, "featuresCol", "the vector to select from");
    labelCol = new Param<>(this, "labelCol", "the label (class index, or the value for regression)");
    outputCol = new Param<>(this, "outputCol", "the selected vector");
    classification = new BooleanParam(this, "classification", "whether the label is a class index");
    maxFeatures = new IntParam(this, "maxFeatures", "slots kept at most", ParamValidators.gtEq(1));
    sampleRows = new IntParam(this, "sampleRows", "rows the quick forest is fitted on at most", ParamValidators.gtEq(100));
    maxBins = new IntParam(this, "maxBins", "the forest's maxBins (at least the largest category count)",
        ParamValidators.gtEq(2));
    seed = new LongParam(this, "seed", "the forest's and the sample's seed");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(outputCol, "selected");
    setDefault(classification, true);
    setDefault(maxFeatures, 200);
    setDefault(sampleRows, 100_000);
    setDefault(maxBins, 32);
    setDefault(seed, 0L);
  }

  public ImportanceSelector() {
    this(Identifiable$.MODULE$.randomUID("sparkwiseImportanceSelector"));
  }

  @Override
  public String uid() { return uid; }

  public Param<String> featuresCol() { return featuresCol; }

  public Param<String> labelCol() { return labelCol; }

  public Param<String> outputCol() { return outputCol; }

  public BooleanParam classification() { return classification; }

  public IntParam maxFeatures() { return maxFeatures; }

  public IntParam sampleRows() { return sampleRows; }

  public IntParam maxBins() { return maxBins; }

  public LongParam seed() { return seed; }

  public ImportanceSelector setFeaturesCol(String v) { set(featuresCol, v); return this; }

  public ImportanceSelector setLabelCol(String v) { set(labelCol, v); return this; }

  public ImportanceSelector setOutputCol(String v) { set(outputCol, v); return this; }

  public ImportanceSelector setClassification(boolean v) { set(classification, v); return this; }

  public ImportanceSelector setMaxFeatures(int v) { set(maxFeatures, v); return this; }

  public ImportanceSelector setSampleRows(int v) { set(sampleRows, v); return this; }

  public ImportanceSelector setMaxBins(int v) { set(maxBins, v); return this; }

  public ImportanceSelector setSeed(long v) { set(seed, v); return this; }

  @Override
  public ImportanceSelectorModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String features = getOrDefault(featuresCol);
    String label = getOrDefault(labelCol);
    long s = (Long) getOrDefault(seed);
    Dataset<Row> rows = dataset.toDF().select(features, label).filter(dataset.col(label).isNotNull());
    long n = rows.count();
    int cap = (Integer) getOrDefault(sampleRows);
    if (n > cap) {
      rows = rows.sample(false, Math.min(1.0, 1.2 * cap / n), s).limit(cap);
    }
    Vector importances;
    int bins = (Integer) getOrDefault(maxBins);
    if ((Boolean) getOrDefault(classification)) {
      importances = new RandomForestClassifier().setFeaturesCol(features).setLabelCol(label).setNumTrees(20)
          .setMaxDepth(6).setMaxBins(bins).setFeatureSubsetStrategy("sqrt").setSeed(s).fit(rows).featureImportances();
    } else {
      importances = new RandomForestRegressor().setFeaturesCol(features).setLabelCol(label).setNumTrees(20)
          .setMaxDepth(6).setMaxBins(bins).setFeatureSubsetStrategy("onethird").setSeed(s).fit(rows).featureImportances();
    }
    double[] imp = importances.toArray();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < imp.length; i++) {
      if (imp[i] > 0) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingDouble((Integer i) -> imp[i]).reversed());
    int[] kept = order.subList(0, Math.min(order.size(), (Integer) getOrDefault(maxFeatures))).stream()
        .mapToInt(Integer::intValue).sorted().toArray();
    if (kept.length == 0) { // nothing split on (e.g. a constant label in a tiny fold): keep everything
      kept = java.util.stream.IntStream.range(0, imp.length).toArray();
    }
    ImportanceSelectorModel model = new ImportanceSelectorModel(uid).setSelected(kept);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ImportanceSelectorModel.outputSchema(schema, getOrDefault(featuresCol), getOrDefault(outputCol));
  }

  @Override
  public ImportanceSelector copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ImportanceSelector> read() {
    return new DefaultParamsReader<>();
  }
}
