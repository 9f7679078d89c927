package sparkwise.models;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The typed params of {@link XGBoostStage} and {@link XGBoostStageModel}: column names, the task
 * and the booster's hyperparameters (XGBoost's names). Spark finds params through public no-arg
 * methods, so each is exposed by a default method over the {@link Declared} holder.
 */
public interface XGBoostParams extends Params {
  Declared declared();

  default Param<String> featuresCol() { return declared().featuresCol; }

  default Param<String> labelCol() { return declared().labelCol; }

  default Param<String> predictionCol() { return declared().predictionCol; }

  default Param<String> probabilityCol() { return declared().probabilityCol; }

  default Param<String> rawPredictionCol() { return declared().rawPredictionCol; }

  default Param<String> task() { return declared().task; }

  default IntParam numClasses() { return declared().numClasses; }

  default IntParam numRound() { return declared().numRound; }

  default IntParam maxDepth() { return declared().maxDepth; }

  default DoubleParam eta() { return declared().eta; }

  default DoubleParam subsample() { return declared().subsample; }

  default DoubleParam colsampleBytree() { return declared().colsampleBytree; }

  default DoubleParam minChildWeight() { return declared().minChildWeight; }

  default DoubleParam lambda() { return declared().lambda; }

  default DoubleParam alpha() { return declared().alpha; }

  default LongParam seed() { return declared().seed; }

  default Param<String> booster() { return declared().booster; }

  default IntParam numParallelTree() { return declared().numParallelTree; }

  default DoubleParam colsampleBynode() { return declared().colsampleBynode; }

  default LongParam singleNodeMaxBytes() { return declared().singleNodeMaxBytes; }

  default IntParam numWorkers() { return declared().numWorkers; }

  default IntParam maxBin() { return declared().maxBin; }

  default String getTask() { return $(task()); }

  default boolean isClassification() { return !"regression".equals(getTask()); }

  /** The params of one stage; built in its constructor once its uid is known. */
  final class Declared implements java.io.Serializable {
    final Param<String> featuresCol;
    final Param<String> labelCol;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;
    final Param<String> rawPredictionCol;
    final Param<String> task;
    final IntParam numClasses;
    final IntParam numRound;
    final IntParam maxDepth;
    final DoubleParam eta;
    final DoubleParam subsample;
    final DoubleParam colsampleBytree;
    final DoubleParam minChildWeight;
    final DoubleParam lambda;
    final DoubleParam alpha;
    final LongParam seed;
    final IntParam numWorkers;
    final Param<String> booster;
    final IntParam numParallelTree;
    final DoubleParam colsampleBynode;
    final LongParam singleNodeMaxBytes;
    final IntParam maxBin;

    Declared(Params owner) {
      featuresCol = new Param<>(owner, "featuresCol", "features column (any vector; made dense for XGBoost)");
      labelCol = new Param<>(owner, "labelCol", "label column (class index or number)");
      predictionCol = new Param<>(owner, "predictionCol", "prediction column");
      probabilityCol = new Param<>(owner, "probabilityCol", "class probability column (classification)");
      rawPredictionCol = new Param<>(owner, "rawPredictionCol", "raw margin column (classification)");
      task = new Param<>(owner, "task", "binary, multiclass or regression",
          ParamValidators.inArray(new String[] {"binary", "multiclass", "regression"}));
      numClasses = new IntParam(owner, "numClasses", "number of classes (classification)", ParamValidators.gtEq(0));
      numRound = new IntParam(owner, "numRound", "boosting rounds", ParamValidators.gtEq(1));
      maxDepth = new IntParam(owner, "maxDepth", "maximum tree depth", ParamValidators.gtEq(1));
      eta = new DoubleParam(owner, "eta", "learning rate", ParamValidators.inRange(0, 1, false, true));
      subsample = new DoubleParam(owner, "subsample", "row share per tree", ParamValidators.inRange(0, 1, false, true));
      colsampleBytree = new DoubleParam(owner, "colsampleBytree", "column share per tree",
          ParamValidators.inRange(0, 1, false, true));
      minChildWeight = new DoubleParam(owner, "minChildWeight", "minimum hessian sum in a leaf",
          ParamValidators.gtEq(0));
      lambda = new DoubleParam(owner, "lambda", "L2 regularisation of leaf weights", ParamValidators.gtEq(0));
      alpha = new DoubleParam(owner, "alpha", "L1 regularisation of leaf weights", ParamValidators.gtEq(0));
      seed = new LongParam(owner, "seed", "random seed");
      numWorkers = new IntParam(owner, "numWorkers", "XGBoost workers (Spark tasks)", ParamValidators.gtEq(1));
      booster = new Param<>(owner, "booster", "gbtree (boosted trees) or gblinear (elastic-net linear model)",
          ParamValidators.inArray(new String[] {"gbtree", "gblinear"}));
      numParallelTree = new IntParam(owner, "numParallelTree", "trees per round (a random forest with one round)",
          ParamValidators.gtEq(1));
      colsampleBynode = new DoubleParam(owner, "colsampleBynode", "column share per split",
          ParamValidators.inRange(0, 1, false, true));
      singleNodeMaxBytes = new LongParam(owner, "singleNodeMaxBytes",
          "fit on the driver with XGBoost's single-node API when the dense rows take at most this many bytes "
              + "(0: always distributed)", ParamValidators.gtEq(0));
      maxBin = new IntParam(owner, "maxBin", "histogram bins per feature (0: from the training rows, "
          + "one bin per 16 rows, 32 to 256)", ParamValidators.gtEq(0));
      owner.setDefault(featuresCol, "features");
      owner.setDefault(labelCol, "label");
      owner.setDefault(predictionCol, "prediction");
      owner.setDefault(probabilityCol, "probability");
      owner.setDefault(rawPredictionCol, "rawPrediction");
      owner.setDefault(task, "binary");
      owner.setDefault(numClasses, 2);
      owner.setDefault(numRound, 200);
      owner.setDefault(maxDepth, 6);
      owner.setDefault(eta, 0.1);
      owner.setDefault(subsample, 0.8);
      owner.setDefault(colsampleBytree, 0.8);
      owner.setDefault(minChildWeight, 1.0);
      owner.setDefault(lambda, 1.0);
      owner.setDefault(alpha, 0.0);
      owner.setDefault(seed, 0L);
      owner.setDefault(numWorkers, 1);
      owner.setDefault(booster, "gbtree");
      owner.setDefault(numParallelTree, 1);
      owner.setDefault(colsampleBynode, 1.0);
      owner.setDefault(singleNodeMaxBytes, 0L);
      owner.setDefault(maxBin, 0);
    }
  }
}
