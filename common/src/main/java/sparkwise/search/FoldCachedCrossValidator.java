package sparkwise.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ValidatorParams$;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.mllib.util.MLUtils;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.Tuple4;

/**
 * A drop-in {@link CrossValidator} that does not refit the unchanging part of a Pipeline for every
 * param map. Configured exactly like CrossValidator (estimator, param maps, evaluator, numFolds or
 * foldCol, seed, parallelism); when the estimator is a {@link Pipeline} and the param maps only
 * touch its later stages, each fold fits the leading stages once, caches their output and fits
 * only the remaining stages per param map, {@code parallelism} at a time, each thread in its own
 * Spark scheduler pool. Same folds (Spark's {@code MLUtils.kFold} with the same seed), same
 * metrics, and the fitted model is a plain {@link CrossValidatorModel}: {@code
 * CrossValidatorModel.load} reads it back without Sparkwise.
 */
public class FoldCachedCrossValidator extends CrossValidator {

  public FoldCachedCrossValidator(String uid) {
    super(uid);
  }

  public FoldCachedCrossValidator() {
    this(Identifiable$.MODULE$.randomUID("foldCachedCv"));
  }

  @Override
  public CrossValidatorModel fit(Dataset<?> dataset) {
    Estimator<?> est = getEstimator();
    ParamMap[] maps = getEstimatorParamMaps();
    int shared = est instanceof Pipeline p ? sharedPrefixLength(p, maps) : 0;
    if (shared == 0) {
      return super.fit(dataset); // nothing to share: Spark's own loop
    }
    transformSchema(dataset.schema());
    PipelineStage[] stages = ((Pipeline) est).getStages();
    PipelineStage[] prefix = java.util.Arrays.copyOfRange(stages, 0, shared);
    PipelineStage[] suffix = java.util.Arrays.copyOfRange(stages, shared, stages.length);
    SparkSession spark = dataset.sparkSession();
    Dataset<Row> df = dataset.toDF();
    Tuple2<RDD<Row>, RDD<Row>>[] splits = getFoldCol().isEmpty()
        ? MLUtils.kFold(df.rdd(), getNumFolds(), getSeed(), scala.reflect.ClassTag$.MODULE$.apply(Row.class))
        : MLUtils.kFold(df, getNumFolds(), getFoldCol());
    Evaluator eval = getEvaluator();
    double[] sums = new double[maps.length];
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, getParallelism()));
    try {
      for (Tuple2<RDD<Row>, RDD<Row>> split : splits) {
        Dataset<Row> train = spark.createDataFrame(split._1(), df.schema());
        Dataset<Row> valid = spark.createDataFrame(split._2(), df.schema());
        PipelineModel fitted = new Pipeline().setStages(prefix).fit(train);
        Dataset<Row> t = fitted.transform(train).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> v = fitted.transform(valid).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          List<Future<Double>> metrics = new ArrayList<>();
          for (int i = 0; i < maps.length; i++) {
            ParamMap map = maps[i];
            String poolName = "sparkwise-cv-" + (i % Math.max(1, getParallelism()));
            metrics.add(pool.submit(() -> {
              spark.sparkContext().setLocalProperty("spark.scheduler.pool", poolName);
              try {
                Model<?> m = new Pipeline().setStages(suffix).fit(t, map);
                return eval.evaluate(m.transform(v, map));
              } finally {
                spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
              }
            }));
          }
          for (int i = 0; i < maps.length; i++) {
            sums[i] += metrics.get(i).get();
          }
        } finally {
          t.unpersist();
          v.unpersist();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("cross-validation interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    double[] avg = new double[maps.length];
    int best = 0;
    for (int i = 0; i < maps.length; i++) {
      avg[i] = sums[i] / getNumFolds();
      boolean better = eval.isLargerBetter() ? avg[i] > avg[best] : avg[i] < avg[best];
      if (better) {
        best = i;
      }
    }
    Model<?> bestModel = (Model<?>) est.fit(dataset, maps[best]);
    CrossValidatorModel model = new CrossValidatorModel(uid(), bestModel, avg);
    model.setParent(this);
    return copyValues(model, ParamMap.empty());
  }

  /**
   * How many leading stages of {@code pipeline} no param map touches: those are fitted once per
   * fold. The last stage is never shared (there would be nothing left to tune).
   */
  static int sharedPrefixLength(Pipeline pipeline, ParamMap[] maps) {
    Set<String> tuned = new HashSet<>();
    for (ParamMap map : maps) {
      for (ParamPair<?> pair : scala.jdk.javaapi.CollectionConverters.asJava(map.toSeq())) {
        tuned.add(pair.param().parent());
      }
    }
    PipelineStage[] stages = pipeline.getStages();
    int n = 0;
    while (n < stages.length - 1 && !tuned.contains(stages[n].uid())) {
      n++;
    }
    return n;
  }

  @Override
  public FoldCachedCrossValidator copy(ParamMap extra) {
    FoldCachedCrossValidator copied = new FoldCachedCrossValidator(uid());
    copyValues(copied, extra);
    if (isDefined(estimator())) {
      copied.setEstimator(getEstimator().copy(extra));
    }
    return copied;
  }

  /** Reads what {@link #write()} saved (Spark's CrossValidator layout, this class's name). */
  public static MLReader<CrossValidator> read() {
    return new MLReader<>() {
      @Override
      public FoldCachedCrossValidator load(String path) {
        Tuple4<DefaultParamsReader.Metadata, Estimator<?>, Evaluator, ParamMap[]> loaded =
            loadParts(path, sparkSession());
        FoldCachedCrossValidator cv = new FoldCachedCrossValidator(loaded._1().uid());
        cv.setEstimator(loaded._2()).setEvaluator(loaded._3()).setEstimatorParamMaps(loaded._4());
        loaded._1().getAndSetParams(cv, scala.Option.apply(scala.jdk.javaapi.CollectionConverters.asScala(
            List.of("evaluator", "estimator", "estimatorParamMaps")).toList()));
        return cv;
      }
    };
  }

  public static FoldCachedCrossValidator load(String path) {
    return (FoldCachedCrossValidator) read().load(path);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Tuple4<DefaultParamsReader.Metadata, Estimator<?>, Evaluator, ParamMap[]> loadParts(String path,
      SparkSession spark) {
    return (Tuple4) ValidatorParams$.MODULE$.loadImpl(path, spark, FoldCachedCrossValidator.class.getName());
  }
}
