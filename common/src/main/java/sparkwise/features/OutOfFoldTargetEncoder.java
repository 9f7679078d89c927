package sparkwise.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import java.util.Arrays;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.feature.TargetEncoder;
import org.apache.spark.ml.feature.TargetEncoderModel;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Spark's {@link TargetEncoder}, fitted out of fold. Besides the encoder on all rows (used for
 * new data), one encoder per fold is fitted on the rows outside that fold; rows that carry the
 * training row key ({@code keyCol}) are encoded by the encoder that never saw them, so the model
 * trained on the encoding cannot learn each row's own label back. Rows without the key (scoring)
 * get the all-rows encoder. Inputs are category indices (StringIndexer output). The k + 1 encoders
 * come from one grouped aggregation ({@link TargetEncoderStats}), not k + 1 fits.
 */
public final class OutOfFoldTargetEncoder extends Estimator<OutOfFoldTargetEncoderModel>
    implements DefaultParamsWritable {
  private final String uid;
  final StringArrayParam inputCols;
  final StringArrayParam outputCols;
  final Param<String> labelCol;
  final Param<String> targetType;
  final DoubleParam smoothing;
  final IntParam folds;
  final Param<String> keyCol;

  public OutOfFoldTargetEncoder(String uid) {
    this.uid = uid;
    inputCols = new StringArrayParam(this, "inputCols", "category index columns");
    outputCols = new StringArrayParam(this, "outputCols", "encoded columns");
    labelCol = new Param<>(this, "labelCol", "the label (0/1 for binary, the value for continuous)");
    targetType = new Param<>(this, "targetType", "binary or continuous",
        ParamValidators.inArray(new String[] {"binary", "continuous"}));
    smoothing = new DoubleParam(this, "smoothing", "weight of the overall mean (Spark's TargetEncoder)",
        ParamValidators.gtEq(0));
    folds = new IntParam(this, "folds", "out-of-fold encoders", ParamValidators.gtEq(2));
    keyCol = new Param<>(this, "keyCol", "the training row key; rows with it are encoded out of fold");
    setDefault(targetType, "binary");
    setDefault(smoothing, 10.0);
    setDefault(folds, 5);
    setDefault(keyCol, "__row_id");
  }

  public OutOfFoldTargetEncoder() {
    this(Identifiable$.MODULE$.randomUID("sparkwiseOutOfFoldTargetEncoder"));
  }

  @Override
  public String uid() { return uid; }

  public StringArrayParam inputCols() { return inputCols; }

  public StringArrayParam outputCols() { return outputCols; }

  public Param<String> labelCol() { return labelCol; }

  public Param<String> targetType() { return targetType; }

  public DoubleParam smoothing() { return smoothing; }

  public IntParam folds() { return folds; }

  public Param<String> keyCol() { return keyCol; }

  public OutOfFoldTargetEncoder setInputCols(String[] v) { set(inputCols, v); return this; }

  public OutOfFoldTargetEncoder setOutputCols(String[] v) { set(outputCols, v); return this; }

  public OutOfFoldTargetEncoder setLabelCol(String v) { set(labelCol, v); return this; }

  public OutOfFoldTargetEncoder setTargetType(String v) { set(targetType, v); return this; }

  public OutOfFoldTargetEncoder setSmoothing(double v) { set(smoothing, v); return this; }

  public OutOfFoldTargetEncoder setFolds(int v) { set(folds, v); return this; }

  @Override
  public OutOfFoldTargetEncoderModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String key = getOrDefault(keyCol);
    int k = Arrays.asList(dataset.columns()).contains(key) ? (Integer) getOrDefault(folds) : 0;
    TargetEncoderStats stats = TargetEncoderStats.gather(dataset.toDF(), getOrDefault(inputCols),
        getOrDefault(labelCol), k == 0 ? lit(0) : foldOf(key, k), Math.max(k, 1));
    boolean binary = "binary".equals(getOrDefault(targetType));
    TargetEncoderModel[] byFold = new TargetEncoderModel[k];
    for (int f = 0; f < k; f++) {
      byFold[f] = model(stats.without(f, binary));
    }
    OutOfFoldTargetEncoderModel m = new OutOfFoldTargetEncoderModel(uid, model(stats.without(-1, binary)), byFold);
    return copyValues(m, ParamMap.empty()).setParent(this);
  }

  /** Spark's own model over statistics gathered here, so it encodes exactly as a fitted one would. */
  private TargetEncoderModel model(scala.collection.immutable.Map<Object, Tuple2<Object, Object>>[] stats) {
    TargetEncoder spark = encoder();
    return spark.copyValues(new TargetEncoderModel(spark.uid(), stats), ParamMap.empty());
  }

  /** The out-of-fold block of a row: its key modulo the fold count. */
  static org.apache.spark.sql.Column foldOf(String keyCol, int k) {
    return pmod(col(keyCol), lit(k));
  }

  private TargetEncoder encoder() {
    return new TargetEncoder().setInputCols(getOrDefault(inputCols)).setOutputCols(getOrDefault(outputCols))
        .setLabelCol(getOrDefault(labelCol)).setTargetType(getOrDefault(targetType))
        .setSmoothing((Double) getOrDefault(smoothing)).setHandleInvalid("keep");
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return OutOfFoldTargetEncoderModel.outputSchema(schema, getOrDefault(inputCols), getOrDefault(outputCols));
  }

  @Override
  public OutOfFoldTargetEncoder copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<OutOfFoldTargetEncoder> read() {
    return new DefaultParamsReader<>();
  }
}
