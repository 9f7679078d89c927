package sparkwise.features;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** The fitted {@link ImportanceSelector}: the kept slots, applied with Spark's {@link VectorSlicer}. */
public final class ImportanceSelectorModel extends Model<ImportanceSelectorModel> implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> outputCol;
  private final BooleanParam classification;
  private final IntParam maxFeatures;
  private final IntParam sampleRows;
  private final IntParam maxBins;
  private final LongParam seed;
  private final IntArrayParam selected;

  public ImportanceSelectorModel(String uid) {
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
    selected = new IntArrayParam(this, "selected", "the kept slots of the input vector, ascending");
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

  public IntArrayParam selected() { return selected; }

  ImportanceSelectorModel setSelected(int[] slots) {
    set(selected, slots);
    return this;
  }

  public int[] getSelected() {
    return getOrDefault(selected);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return new VectorSlicer().setInputCol(getOrDefault(featuresCol)).setOutputCol(getOrDefault(outputCol))
        .setIndices(getSelected()).transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getOrDefault(featuresCol), getOrDefault(outputCol));
  }

  static StructType outputSchema(StructType schema, String in, String out) {
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("ImportanceSelector: no column '" + in + "'");
    }
    return schema.add(out, SQLDataTypes.VectorType(), false);
  }

  @Override
  public ImportanceSelectorModel copy(ParamMap extra) {
    ImportanceSelectorModel m = new ImportanceSelectorModel(uid);
    return copyValues(m, extra).setParent(parent());
  }

  public static MLReader<ImportanceSelectorModel> read() {
    return new DefaultParamsReader<>();
  }
}
