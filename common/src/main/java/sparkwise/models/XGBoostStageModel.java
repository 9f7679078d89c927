package sparkwise.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A fitted {@link XGBoostStage}: the native booster (kept as its UBJSON bytes and saved in
 * {@code data/booster.ubj}), rebuilt into XGBoost's Spark model for scoring. Loads with plain
 * {@code PipelineModel.load} when the Sparkwise jar is on the classpath.
 */
public final class XGBoostStageModel extends Model<XGBoostStageModel> implements XGBoostParams, MLWritable {
  static final String BOOSTER_FILE = "booster.ubj";
  private final String uid;
  private final Declared declared;
  private final byte[] booster;
  private transient org.apache.spark.ml.Model<?> scorer;
  /** The booster evaluated in the JVM; empty when {@link JvmBooster} cannot read it. */
  private transient java.util.Optional<JvmBooster> jvm;

  XGBoostStageModel(String uid, byte[] booster) {
    this.uid = uid;
    this.declared = new Declared(this);
    this.booster = booster;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Declared declared() {
    return declared;
  }

  /** The booster as XGBoost serialised it (UBJSON). */
  public byte[] boosterBytes() {
    return booster.clone();
  }

  static StructType outputSchema(XGBoostParams p, StructType schema) {
    String features = p.$(p.featuresCol());
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(features)) {
      throw new IllegalArgumentException("XGBoost stage: no features column '" + features + "'");
    }
    StructType out = schema;
    if (p.isClassification()) {
      out = out.add(p.$(p.rawPredictionCol()), SQLDataTypes.VectorType(), false)
          .add(p.$(p.probabilityCol()), SQLDataTypes.VectorType(), false);
    }
    return out.add(p.$(p.predictionCol()), DataTypes.DoubleType, false);
  }

  /** Each feature's total gain over the booster's splits (0 for features never split on). */
  public double[] gainImportances(int numFeatures) {
    // From the trees already read for scoring: XGBoost's own answer prints every tree as text and
    // parses it back (2.4-4.8 s for the 2,100 depth-15 trees of one of a wine_quality ensemble's forests).
    java.util.Optional<double[]> read = jvm().flatMap(b -> b.totalGain(numFeatures));
    return read.isPresent() ? read.get() : dumpedGainImportances(numFeatures);
  }

  /** XGBoost's total gain per feature, from its model dump. */
  double[] dumpedGainImportances(int numFeatures) {
    String[] names = new String[numFeatures];
    for (int i = 0; i < numFeatures; i++) {
      names[i] = "f" + i;
    }
    double[] out = new double[numFeatures];
    try {
      Booster b = ml.dmlc.xgboost4j.scala.XGBoost.loadModel(new ByteArrayInputStream(booster));
      scala.collection.immutable.Map<String, Object> scores = b.getScore(names, "total_gain");
      for (int i = 0; i < numFeatures; i++) {
        scala.Option<Object> v = scores.get(names[i]);
        out[i] = v.isDefined() ? ((Number) v.get()).doubleValue() : 0.0;
      }
      b.dispose();
    } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
      throw new IllegalStateException("cannot read the XGBoost booster of " + uid, e);
    }
    return out;
  }

  private synchronized org.apache.spark.ml.Model<?> scorer() {
    if (scorer == null) {
      Booster b;
      try {
        b = ml.dmlc.xgboost4j.scala.XGBoost.loadModel(new ByteArrayInputStream(booster));
      } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
        throw new IllegalStateException("cannot rebuild the XGBoost booster of " + uid, e);
      }
      if (isClassification()) {
        XGBoostClassificationModel m = new XGBoostClassificationModel(uid, (Integer) $(numClasses()), b, Option.empty());
        m.setFeaturesCol(XGBoostStage.DENSE);
        m.setMissing(Float.NaN);
        m.setPredictionCol($(predictionCol()));
        m.setProbabilityCol($(probabilityCol()));
        m.setRawPredictionCol($(rawPredictionCol()));
        scorer = m;
      } else {
        XGBoostRegressionModel m = new XGBoostRegressionModel(uid, b, Option.empty());
        m.setFeaturesCol(XGBoostStage.DENSE);
        m.setMissing(Float.NaN);
        m.setPredictionCol($(predictionCol()));
        scorer = m;
      }
    }
    return scorer;
  }

  private synchronized java.util.Optional<JvmBooster> jvm() {
    if (jvm == null) {
      jvm = JvmBooster.of(booster);
    }
    return jvm;
  }

  /**
   * Scores in the query itself ({@link JvmBooster}: an expression on the features, planned
   * lazily with the rest), or with XGBoost's Spark model when the booster is outside what the
   * JVM evaluation covers. Both give the same columns and values.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    if (jvm().isEmpty()) {
      return xgboostTransform(dataset);
    }
    JvmBooster b = jvm().get();
    String scores = "__sparkwise_xgboost_scores";
    Dataset<Row> out = dataset.toDF().withColumn(scores, b.scores(dataset.col($(featuresCol()))));
    org.apache.spark.sql.Column s = out.col(scores);
    int k = b.classes();
    if (k == 0) {
      return out.withColumn($(predictionCol()), s.getItem(0)).drop(scores);
    }
    return out.withColumn($(rawPredictionCol()), org.apache.spark.ml.functions.array_to_vector(
            org.apache.spark.sql.functions.slice(s, 1, k)))
        .withColumn($(probabilityCol()), org.apache.spark.ml.functions.array_to_vector(
            org.apache.spark.sql.functions.slice(s, k + 1, k)))
        .withColumn($(predictionCol()), s.getItem(2 * k))
        .drop(scores);
  }

  /** XGBoost's own Spark scoring (an RDD of rows per call). */
  Dataset<Row> xgboostTransform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> dense = XGBoostStage.dense(dataset, $(featuresCol()));
    Dataset<Row> scored = scorer().transform(dense).drop(XGBoostStage.DENSE);
    // XGBoost writes its predictions as float-based values; the pipeline expects doubles.
    return scored.withColumn($(predictionCol()), scored.col($(predictionCol())).cast("double"));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(this, schema);
  }

  @Override
  public XGBoostStageModel copy(ParamMap extra) {
    XGBoostStageModel m = new XGBoostStageModel(uid, booster);
    copyValues(m, extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<XGBoostStageModel> read() {
    return new Reader();
  }

  public static XGBoostStageModel load(String path) {
    return read().load(path);
  }

  /** Params as Spark's metadata, the booster as raw bytes in {@code data/}. */
  private static final class Writer extends MLWriter {
    private final XGBoostStageModel model;

    Writer(XGBoostStageModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      sparkwise.data.ParamsMetadata.save(model, path, sparkSession());
      Path file = new Path(new Path(path, "data"), BOOSTER_FILE);
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        try (FSDataOutputStream out = fs.create(file, false)) {
          out.write(model.booster);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  private static final class Reader extends MLReader<XGBoostStageModel> {
    @Override
    public XGBoostStageModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), XGBoostStageModel.class.getName());
      Path file = new Path(new Path(path, "data"), BOOSTER_FILE);
      byte[] bytes;
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        bytes = new byte[(int) fs.getFileStatus(file).getLen()];
        try (FSDataInputStream in = fs.open(file)) {
          in.readFully(bytes);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + file, e);
      }
      XGBoostStageModel m = new XGBoostStageModel(metadata.uid(), bytes);
      metadata.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
