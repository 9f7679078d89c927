package sparkwise.models;

import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * XGBoost as a Sparkwise stage. XGBoost reads a sparse vector's absent entries as missing values,
 * so the features are made dense (missing = NaN) before fitting and scoring; its own model writer
 * fails on Spark 4.1, so {@link XGBoostStageModel} persists the native booster bytes itself.
 */
public final class XGBoostStage extends Estimator<XGBoostStageModel>
    implements XGBoostParams, DefaultParamsWritable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(XGBoostStage.class);

  static final String DENSE = "__sparkwise_dense_features";
  private final String uid;
  private final Declared declared;

  public XGBoostStage(String uid) {
    this.uid = uid;
    this.declared = new Declared(this);
  }

  public XGBoostStage() {
    this(Identifiable.randomUID("sparkwise_xgboost"));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Declared declared() {
    return declared;
  }

  public XGBoostStage setTask(String value) {
    set(task(), value);
    return this;
  }

  public XGBoostStage setNumRound(int value) {
    set(numRound(), value);
    return this;
  }

  public XGBoostStage setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public XGBoostStage setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  /** The features as a dense vector column {@link #DENSE}: absent entries become 0, not missing. */
  static Dataset<Row> dense(Dataset<?> data, String featuresCol) {
    return data.withColumn(DENSE, org.apache.spark.ml.functions.array_to_vector(
        org.apache.spark.ml.functions.vector_to_array(data.col(featuresCol), "float32")));
  }

  @Override
  public XGBoostStageModel fit(Dataset<?> dataset) {
    var rows = singleNodeRows(dataset);
    return rows.isPresent() ? fitLocally(rows.get(), dataset) : fitDistributed(dataset);
  }

  /**
   * XGBoost-Spark trains tree boosters only ("booster given invalid value gblinear"): a linear
   * booster whose rows do not fit one node trains there on a uniform sample of them that does (at
   * most {@link #LINEAR_SAMPLE_BYTES} without a single-node bound), enough rows for a linear model's
   * few weights.
   */
  static final long LINEAR_SAMPLE_BYTES = 512L << 20;

  private XGBoostStageModel fitLinearOnSample(Dataset<?> dataset) {
    long bound = (Long) $(singleNodeMaxBytes());
    long maxBytes = bound > 0 ? bound : LINEAR_SAMPLE_BYTES;
    long rowBytes = DenseRows.bytesPerRow(Math.max(1, DenseRows.width(dataset, $(featuresCol()))));
    long count = dataset.count();
    double fraction = Math.min(1.0, 0.9 * maxBytes / ((double) count * rowBytes));
    for (int attempt = 0; attempt < 4; attempt++, fraction *= 0.8) {
      var rows = DenseRows.collect(dataset.sample(false, fraction, (Long) $(seed())), $(featuresCol()),
          $(labelCol()), null, maxBytes);
      if (rows.isPresent() && rows.get().rows() > 0) {
        LOG.warn("{}: a linear booster has no distributed fit in XGBoost-Spark; trained on one node on {} of the "
            + "{} rows (a uniform sample)", uid, rows.get().rows(), count);
        return fitLocally(rows.get(), dataset);
      }
    }
    throw new IllegalStateException(uid + ": no sample of the " + count + " rows fits " + maxBytes
        + " bytes for a linear booster's single-node fit");
  }

  /**
   * {@code dataset}'s features and labels on the driver when they fit a single-node fit (and it is
   * on): several stages reading the same rows (an ensemble's members) collect them once.
   */
  public java.util.Optional<DenseRows> singleNodeRows(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    long maxBytes = (Long) $(singleNodeMaxBytes());
    return maxBytes > 0 ? DenseRows.collect(dataset, $(featuresCol()), $(labelCol()), null, maxBytes)
        : java.util.Optional.empty();
  }

  /** The fit on rows {@link #singleNodeRows} collected, or on {@code dataset} when there were none. */
  public XGBoostStageModel fit(java.util.Optional<DenseRows> rows, Dataset<?> dataset) {
    return rows.isPresent() ? fitLocally(rows.get(), dataset) : fitDistributed(dataset);
  }

  private XGBoostStageModel fitDistributed(Dataset<?> dataset) {
    if ("gblinear".equals($(booster()))) {
      return fitLinearOnSample(dataset);
    }
    Dataset<Row> data = dense(dataset, $(featuresCol()));
    // Automatic bins depend on the rows only up to 16 × 256 of them: a bounded count, as the single-node fit's.
    int set = (Integer) $(maxBin());
    int bins = XGBoostLocal.maxBin(set, set > 0 ? 0 : dataset.limit(16 * 256).count());
    byte[] booster;
    int classes = 0;
    if (isClassification()) {
      XGBoostClassifier c = new XGBoostClassifier();
      configure(c, bins); // XGBoost reads the class count from the label and picks binary or softprob
      XGBoostClassificationModel m = (XGBoostClassificationModel) c.fit(data);
      booster = bytes(m.nativeBooster());
      classes = m.numClasses();
    } else {
      XGBoostRegressor r = new XGBoostRegressor();
      configure(r, bins);
      r.setObjective("reg:squarederror");
      XGBoostRegressionModel m = (XGBoostRegressionModel) r.fit(data);
      booster = bytes(m.nativeBooster());
    }
    XGBoostStageModel model = new XGBoostStageModel(uid, booster);
    copyValues(model, ParamMap.empty());
    if (classes > 0) {
      model.set(model.numClasses(), classes);
    }
    return model.setParent(this);
  }

  /**
   * The same booster trained on the driver with XGBoost's single-node API, one thread per core;
   * as many classes as {@code dataset}'s label declares, when more than {@code rows} show.
   */
  private XGBoostStageModel fitLocally(DenseRows rows, Dataset<?> dataset) {
    int classes = isClassification()
        ? Math.max(DenseRows.classes(rows.y()), DenseRows.labelClasses(dataset, $(labelCol()))) : 0;
    XGBoostLocal.Spec spec = XGBoostLocal.spec(this, classes, Runtime.getRuntime().availableProcessors());
    var booster = XGBoostLocal.train(rows.x(), rows.y(), spec, () -> Thread.currentThread().isInterrupted(),
        RefitDeadline.currentBound());
    XGBoostStageModel model = new XGBoostStageModel(uid, XGBoostLocal.bytes(booster));
    booster.dispose();
    copyValues(model, ParamMap.empty());
    if (isClassification()) {
      model.set(model.numClasses(), (Integer) spec.params().getOrDefault("num_class", 2));
    }
    return model.setParent(this);
  }

  private static byte[] bytes(ml.dmlc.xgboost4j.scala.Booster b) {
    try {
      return b.toByteArray("ubj");
    } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
      throw new IllegalStateException("cannot serialise the XGBoost booster", e);
    }
  }

  /** XGBoost's own setters: its Spark params are named differently (max_depth, …) from its setters. */
  private <T extends org.apache.spark.ml.param.Params> void configure(T p, int bins) {
    p.set(p.getParam("featuresCol"), DENSE);
    p.set(p.getParam("labelCol"), $(labelCol()));
    var spark = (ml.dmlc.xgboost4j.scala.spark.params.SparkParams<?>) p;
    spark.setMissing(Float.NaN);
    spark.setNumRound((Integer) $(numRound()));
    spark.setNumWorkers((Integer) $(numWorkers()));
    var xgb = (ml.dmlc.xgboost4j.scala.spark.params.XGBoostParams<?>) p;
    xgb.setMaxDepth((Integer) $(maxDepth()));
    xgb.setEta((Double) $(eta()));
    xgb.setSubsample((Double) $(subsample()));
    xgb.setColsampleBytree((Double) $(colsampleBytree()));
    xgb.setMinChildWeight((Double) $(minChildWeight()));
    xgb.setLambda((Double) $(lambda()));
    xgb.setAlpha((Double) $(alpha()));
    xgb.setSeed((Long) $(seed()));
    xgb.setTreeMethod("hist");
    xgb.setMaxBins(bins);
    xgb.setBooster($(booster()));
    if ("gblinear".equals($(booster()))) {
      xgb.setUpdater("coord_descent"); // deterministic, unlike the default parallel shotgun updater
    }
    xgb.setNumParallelTree((Integer) $(numParallelTree()));
    xgb.setColsampleBynode((Double) $(colsampleBynode()));
    xgb.setVerbosity(0); // no per-round evaluation lines on the console
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return XGBoostStageModel.outputSchema(this, schema);
  }

  @Override
  public XGBoostStage copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<XGBoostStage> read() {
    return new DefaultParamsReader<>();
  }

  public static XGBoostStage load(String path) {
    return read().load(path);
  }
}
