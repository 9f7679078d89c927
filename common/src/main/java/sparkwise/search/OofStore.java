package sparkwise.search;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 * Predictions reduced on the driver (the task engine's) are also kept there, within a bound, so the
 * ensemble phase of a small table joins them in memory instead of reading and joining files.
 */
public final class OofStore {
  private static final Logger LOG = LoggerFactory.getLogger(OofStore.class);
  public static final String FOLD = "fold";
  public static final String WEIGHT = "n";
  public static final String SCORE = "score";

  /**
   * Entries (row key, fold) kept on the driver, all trials together (about 70 bytes each): beyond
   * it a trial's predictions are only on disk.
   */
  static final long MAX_KEPT = 2_000_000;

  /** One trial's predictions reduced to one entry per (row key, fold): entry i is {@code keys[i]} in {@code folds[i]}. */
  public record Kept(long[] keys, int[] folds, double[] labels, double[] weights, double[][] scores) {
    public int size() {
      return keys.length;
    }
  }

  private final SparkSession spark;
  private final String dir;
  private final String labelCol;
  private final java.util.Map<String, Kept> kept = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong keptEntries = new java.util.concurrent.atomic.AtomicLong();

  public OofStore(SparkSession spark, String warehouse, String runId, String labelCol) {
    this.spark = spark;
    this.dir = new Path(new Path(warehouse, "_oof"), runId).toString();
    this.labelCol = labelCol;
  }

  public SparkSession spark() {
    return spark;
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

  /**
   * The layout of reduced predictions: row key, fold, label, weight, then one array of scores per
   * name in {@code scoreCols} (one trial's {@link #SCORE}, or an ensemble's members side by side).
   */
  public StructType schema(List<String> scoreCols) {
    StructType schema = new StructType()
        .add(Splitter.ROW_ID, DataTypes.LongType, false)
        .add(FOLD, DataTypes.IntegerType, false)
        .add(labelCol, DataTypes.DoubleType, false)
        .add(WEIGHT, DataTypes.DoubleType, false);
    for (String c : scoreCols) {
      schema = schema.add(c, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }
    return schema;
  }

  /** Writes predictions reduced on the driver, and keeps them there while they fit in {@link #MAX_KEPT}. */
  public void writeKept(String trialId, Kept k) {
    List<Row> rows = new ArrayList<>(k.size());
    for (int i = 0; i < k.size(); i++) {
      rows.add(RowFactory.create(k.keys()[i], k.folds()[i], k.labels()[i], k.weights()[i], k.scores()[i]));
    }
    // Trials of the task engine end side by side: their writes run so, only the bookkeeping is serial.
    writeReduced(trialId, spark.createDataFrame(rows, schema(List.of(SCORE))).coalesce(1));
    synchronized (kept) {
      Kept before = kept.remove(trialId);
      long total = keptEntries.addAndGet(k.size() - (before == null ? 0 : before.size()));
      if (total <= MAX_KEPT) {
        kept.put(trialId, k);
      } else {
        keptEntries.addAndGet(-k.size());
      }
    }
  }

  /** The trial's predictions when they are kept on the driver (a trial of this process's task engine). */
  public java.util.Optional<Kept> kept(String trialId) {
    return java.util.Optional.ofNullable(kept.get(trialId));
  }

  public boolean has(String trialId) {
    if (kept.containsKey(trialId)) {
      return true;
    }
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
    synchronized (kept) {
      kept.clear();
      keptEntries.set(0);
    }
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
