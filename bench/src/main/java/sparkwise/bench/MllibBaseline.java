package sparkwise.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_timestamp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import sparkwise.Task;
import sparkwise.evaluation.HoldoutEvaluation;
import sparkwise.evaluation.Metric;

/**
 * What a data engineer writes by hand with plain MLlib: CSV read with {@code inferSchema},
 * numeric columns mean-imputed, string columns indexed and one-hot encoded (unseen values kept
 * as their own slot), dates as epoch seconds, one {@code VectorAssembler}; then one
 * {@code CrossValidator} (3 folds, parallelism 2) per family over its usual grid (logistic or
 * linear regression: regParam 0.001, 0.01, 0.1; random forest: 50 trees, depth 8 and 12; GBT,
 * binary and regression only as MLlib has no multiclass GBT: 40 iterations, depth 4 and 6), the
 * best family by cross-validated metric refitted on all training rows and scored on the test
 * file with Sparkwise's metric code. Writes one JSON line.
 * <p>Usage: MllibBaseline TRAIN.csv TEST.csv LABEL TASK SEED OUT.json [FOLDS]   (FOLDS default 3)
 */
public final class MllibBaseline {
  private static final String LABEL = "label_index";

  public static void main(String[] args) throws Exception {
    String label = args[2];
    Task task = Task.fromId(args[3]);
    long seed = Long.parseLong(args[4]);
    int folds = args.length > 6 ? Integer.parseInt(args[6]) : 3;
    SparkSession spark = BenchSpark.session("bench-mllib", 4);
    long t0 = System.nanoTime();
    Dataset<Row> train = read(spark, args[0]);
    Dataset<Row> test = read(spark, args[1]);

    List<PipelineStage> prep = new ArrayList<>();
    if (task.isClassification()) {
      // The label is indexed once, before tuning: inside the CV pipeline a rare class missing from
      // one fold's training part would be an unseen label in its validation part.
      train = train.withColumn(label + "_text", col(label).cast("string"));
      test = test.withColumn(label + "_text", col(label).cast("string"));
      org.apache.spark.ml.feature.StringIndexerModel labels = new StringIndexer().setInputCol(label + "_text")
          .setOutputCol(LABEL).setStringOrderType("alphabetAsc").fit(train);
      train = labels.transform(train);
      test = labels.transform(test);
    } else {
      train = train.withColumn(LABEL, col(label).cast("double"));
      test = test.withColumn(LABEL, col(label).cast("double"));
    }
    List<String> numeric = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    List<String> vectors = new ArrayList<>();
    for (StructField f : train.schema().fields()) {
      String c = f.name();
      if (c.equals(label) || c.equals(LABEL) || c.equals(label + "_text")) {
        continue;
      }
      DataType t = f.dataType();
      if (t.equals(DataTypes.StringType)) {
        strings.add(c);
        vectors.add(c + "_vec");
      } else {
        boolean date = t.equals(DataTypes.DateType) || t.equals(DataTypes.TimestampType);
        train = train.withColumn(c + "_num", date ? unix_timestamp(col(c)).cast("double") : col(c).cast("double"));
        test = test.withColumn(c + "_num", date ? unix_timestamp(col(c)).cast("double") : col(c).cast("double"));
        numeric.add(c + "_num");
      }
    }
    if (!strings.isEmpty()) { // multi-column stages: one pass for all string columns, not one per column
      prep.add(new StringIndexer().setInputCols(strings.stream().toArray(String[]::new))
          .setOutputCols(strings.stream().map(c -> c + "_idx").toArray(String[]::new)).setHandleInvalid("keep"));
      prep.add(new OneHotEncoder().setInputCols(strings.stream().map(c -> c + "_idx").toArray(String[]::new))
          .setOutputCols(strings.stream().map(c -> c + "_vec").toArray(String[]::new)).setHandleInvalid("keep"));
    }
    if (!numeric.isEmpty()) {
      String[] in = numeric.toArray(String[]::new);
      String[] out = numeric.stream().map(c -> c + "_imp").toArray(String[]::new);
      prep.add(new Imputer().setInputCols(in).setOutputCols(out).setStrategy("mean"));
      vectors.addAll(0, Arrays.asList(out));
    }
    prep.add(new VectorAssembler().setInputCols(vectors.toArray(String[]::new)).setOutputCol("features")
        .setHandleInvalid("keep"));
    train = train.persist(StorageLevel.MEMORY_AND_DISK());

    Metric metric = Metric.defaultFor(task);
    Evaluator evaluator = metric.evaluator(LABEL, task);
    CrossValidatorModel best = null;
    String bestFamily = null;
    double bestCv = Double.NaN;
    int maps = 0;
    for (Map.Entry<String, Family> e : families(task, seed).entrySet()) {
      List<PipelineStage> stages = new ArrayList<>(prep);
      stages.add(e.getValue().estimator());
      ParamMap[] grid = e.getValue().grid();
      maps += grid.length;
      CrossValidatorModel cv = new CrossValidator().setEstimator(new Pipeline().setStages(stages.toArray(PipelineStage[]::new)))
          .setEstimatorParamMaps(grid).setEvaluator(evaluator).setNumFolds(folds).setParallelism(2).setSeed(seed).fit(train);
      double top = metric.largerIsBetter() ? Arrays.stream(cv.avgMetrics()).max().orElseThrow()
          : Arrays.stream(cv.avgMetrics()).min().orElseThrow();
      System.err.printf(Locale.ROOT, "MLlib %s: CV %s %.4f%n", e.getKey(), metric.id(), top);
      if (best == null || metric.better(top, bestCv)) {
        best = cv;
        bestFamily = e.getKey();
        bestCv = top;
      }
    }
    Map<String, Double> m = HoldoutEvaluation.evaluate(best.transform(test), LABEL, task);
    double seconds = (System.nanoTime() - t0) / 1e9;
    StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
        "{\"family\": \"%s\", \"cv\": %.6f, \"param_maps\": %d, \"seconds\": %.1f", bestFamily, bestCv, maps, seconds));
    m.forEach((k, v) -> json.append(String.format(Locale.ROOT, ", \"%s\": %.6f", k, v)));
    Files.writeString(Path.of(args[5]), json.append("}\n").toString());
    System.err.printf(Locale.ROOT, "MLlib: %s, test %s %.4f in %.0f s%n", bestFamily, metric.id(), m.get(metric.id()), seconds);
    spark.stop();
  }

  private static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
  }

  private record Family(PipelineStage estimator, ParamMap[] grid) {}

  private static Map<String, Family> families(Task task, long seed) {
    Map<String, Family> f = new java.util.LinkedHashMap<>();
    if (task == Task.REGRESSION) {
      LinearRegression lr = new LinearRegression().setFeaturesCol("features").setLabelCol(LABEL);
      f.put("linear_regression", new Family(lr, new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.001, 0.01, 0.1}).build()));
      RandomForestRegressor rf = new RandomForestRegressor().setFeaturesCol("features").setLabelCol(LABEL).setNumTrees(50).setSeed(seed);
      f.put("random_forest", new Family(rf, new ParamGridBuilder().addGrid(rf.maxDepth(), new int[] {8, 12}).build()));
      GBTRegressor gbt = new GBTRegressor().setFeaturesCol("features").setLabelCol(LABEL).setMaxIter(40).setSeed(seed);
      f.put("gbt", new Family(gbt, new ParamGridBuilder().addGrid(gbt.maxDepth(), new int[] {4, 6}).build()));
    } else {
      LogisticRegression lr = new LogisticRegression().setFeaturesCol("features").setLabelCol(LABEL);
      f.put("logistic_regression", new Family(lr, new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.001, 0.01, 0.1}).build()));
      RandomForestClassifier rf = new RandomForestClassifier().setFeaturesCol("features").setLabelCol(LABEL).setNumTrees(50).setSeed(seed);
      f.put("random_forest", new Family(rf, new ParamGridBuilder().addGrid(rf.maxDepth(), new int[] {8, 12}).build()));
      if (task == Task.BINARY) {
        GBTClassifier gbt = new GBTClassifier().setFeaturesCol("features").setLabelCol(LABEL).setMaxIter(40).setSeed(seed);
        f.put("gbt", new Family(gbt, new ParamGridBuilder().addGrid(gbt.maxDepth(), new int[] {4, 6}).build()));
      }
    }
    return f;
  }

  private MllibBaseline() {}
}
