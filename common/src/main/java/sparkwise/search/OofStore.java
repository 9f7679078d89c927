package sparkwise.search;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Task;
import sparkwise.data.Splitter;

/**
 * Out-of-fold predictions of each trial, written as Parquet under the run
 * ({@code <warehouse>/_oof/<run_id>/<trial_id>}) so ensembles can be built from them, also after a
 * resume. One row per distinct (row key, fold): rows with the same content share key and label,
 * and within a fold also predictions, so they are kept once with their count {@code n} (the
 * evaluators' weight). Stratified splits may put copies of one row into different folds.
 */
public final class OofStore {
  private static final Logger LOG = LoggerFactory.getLogger(OofStore.class);
  public static final String FOLD = "fold";
  public static final String WEIGHT = "n";
  public static final String SCORE = "score";

  private final SparkSession spark;
  private final String dir;
  private final String labelCol;

  public OofStore(SparkSession spark, String warehouse, String runId, String labelCol) {
    this.spark = spark;
    this.dir = new Path(new Path(warehouse, "_oof"), runId).toString();
    this.labelCol = labelCol;
  }

  public String labelCol() {
    return labelCol;
  }

  /** A fold model's predictions reduced to what ensembling needs: key, fold, label, scores. */
  public Dataset<Row> predictions(Dataset<Row> transformed, int fold, Task task) {
    Column score = task == Task.REGRESSION
        ? array(col("prediction").cast("double"))
        : org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64");
    return transformed.select(col(Splitter.ROW_ID), lit(fold).as(FOLD), col(labelCol).cast("double").as(labelCol),
        score.as(SCORE));
  }

  /** Writes one trial's out-of-fold predictions (all folds), replacing an earlier attempt's. */
  public void write(String trialId, Dataset<Row> oof) {
    oof.groupBy(col(Splitter.ROW_ID), col(FOLD))
        .agg(first(labelCol).as(labelCol), count(lit(1)).cast("double").as(WEIGHT),
            first(SCORE).as(SCORE))
        .write().mode("overwrite").parquet(path(trialId));
  }

  /** Writes predictions already reduced to one row per (row key, fold) with their count {@code n}. */
  public void writeReduced(String trialId, Dataset<Row> reduced) {
    reduced.select(col(Splitter.ROW_ID), col(FOLD), col(labelCol), col(WEIGHT), col(SCORE))
        .write().mode("overwrite").parquet(path(trialId));
  }

  public boolean has(String trialId) {
    try {
      Path p = new Path(path(trialId), "_SUCCESS");
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  public Dataset<Row> read(String trialId) {
    return spark.read().parquet(path(trialId));
  }

  /** Removes the run's predictions once the run has completed (they only serve the run). */
  public void deleteAll() {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(p, true);
    } catch (IOException e) {
      LOG.warn("Could not remove the out-of-fold predictions under {}", dir, e);
    }
  }

  private String path(String trialId) {
    return new Path(dir, trialId).toString();
  }
}
