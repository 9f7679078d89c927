package sparkwise.features;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** The fitted {@link ImportanceSelector}: the kept slots, applied with Spark's {@link VectorSlicer} (fit-only params stay on the estimator). */
public final class ImportanceSelectorModel extends Model<ImportanceSelectorModel> implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> outputCol;
  private final IntArrayParam selected;

  public ImportanceSelectorModel(String uid) {
    this.uid = uid;
    featuresCol = new Param<>(this, "featuresCol", "the vector to select from");
    outputCol = new Param<>(this, "outputCol", "the selected vector");
    selected = new IntArrayParam(this, "selected", "the kept slots of the input vector, ascending");
  }

  @Override
  public String uid() { return uid; }

  public Param<String> featuresCol() { return featuresCol; }

  public Param<String> outputCol() { return outputCol; }

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
