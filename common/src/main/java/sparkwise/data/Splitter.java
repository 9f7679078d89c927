package sparkwise.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import sparkwise.TrainConfig;

/**
 * Adds the split columns. Rows are keyed by a hash of their content and the seed (never by
 * position), so the same input gives the same holdout and folds on any cluster.
 * <ul>
 *   <li>{@link #ROW_ID}: the stable row key;</li>
 *   <li>{@link #HOLDOUT}: true for rows never used in the search;</li>
 *   <li>{@link #FOLD}: the validation fold a search row belongs to (k-fold: 0..k-1;
 *       train/validation: 0 = validation, 1 = train).</li>
 * </ul>
 * Classification splits are stratified exactly: rows are ranked by hash within their class and
 * dealt out in turn.
 */
public final class Splitter {
  public static final String ROW_ID = "__row_id";
  public static final String HOLDOUT = "__holdout";
  public static final String FOLD = "__fold";

  private Splitter() {}

  public static Dataset<Row> split(
      Dataset<Row> df, String labelCol, boolean stratify, TrainConfig.Split cfg, long seed) {
    Column[] content = Arrays.stream(df.columns()).map(c -> col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new);
    Column[] keyed = new Column[content.length + 1];
    System.arraycopy(content, 0, keyed, 0, content.length);
    keyed[content.length] = lit(seed);
    Dataset<Row> withId = df.withColumn(ROW_ID, xxhash64(keyed));
    double h = cfg.holdoutFraction();
    int folds = cfg.mode().equals("kfold") ? cfg.folds() : 0;
    double v = cfg.validationFraction();
    if (cfg.timeOrdered()) {
      return byTime(withId, cfg);
    }
    if (stratify) {
      Column rank = row_number().over(Window.partitionBy(col(labelCol)).orderBy(col(ROW_ID))).cast("double");
      Dataset<Row> ranked = withId.withColumn("__rank", rank);
      // Rank r is held out when floor(r*h) steps up: exactly a fraction h of each class.
      Column held = floor(col("__rank").multiply(h)).notEqual(floor(col("__rank").minus(1).multiply(h)));
      Column searchRank = col("__rank").minus(floor(col("__rank").multiply(h)));
      Column fold = folds > 0
          ? pmod(searchRank.cast("long"), lit(folds)).cast("int")
          : when(floor(searchRank.multiply(v)).notEqual(floor(searchRank.minus(1).multiply(v))), 0).otherwise(1);
      return ranked.withColumn(HOLDOUT, held).withColumn(FOLD, fold).drop("__rank");
    }
    Column u = pmod(col(ROW_ID), lit(1_000_003L)).divide(1_000_003.0);
    Column u2 = pmod(xxhash64(col(ROW_ID), lit(seed + 1)), lit(1_000_003L)).divide(1_000_003.0);
    Column fold = folds > 0
        ? floor(u2.multiply(folds)).cast("int")
        : when(u2.lt(v), 0).otherwise(1);
    return withId.withColumn(HOLDOUT, u.lt(h)).withColumn(FOLD, fold);
  }

  /**
   * Time-ordered: cut points at approximate quantiles of the time column (one distributed pass).
   * Rows after the last cut are the holdout; the search rows fall into blocks 0..k in time order
   * (k = folds, or 1 for train/validation), and block f is validated on a model trained on blocks
   * before it. Rows without a time are treated as the earliest.
   */
  private static Dataset<Row> byTime(Dataset<Row> withId, TrainConfig.Split cfg) {
    String name = cfg.timeColumn();
    if (!Arrays.asList(withId.columns()).contains(name)) {
      throw sparkwise.Errors.missingColumn(name, "split.time_column", Arrays.asList(withId.columns()));
    }
    org.apache.spark.sql.types.DataType type = withId.schema().apply(name).dataType();
    Column raw = col("`" + name.replace("`", "``") + "`");
    Column t;
    if (type instanceof org.apache.spark.sql.types.NumericType) {
      t = raw.cast("double");
    } else if (type instanceof org.apache.spark.sql.types.DateType) {
      t = org.apache.spark.sql.functions.datediff(raw, lit(java.sql.Date.valueOf("1970-01-01"))).cast("double");
    } else if (type instanceof org.apache.spark.sql.types.TimestampType
        || type instanceof org.apache.spark.sql.types.TimestampNTZType) {
      t = org.apache.spark.sql.functions.unix_micros(raw.cast("timestamp")).cast("double");
    } else if (type instanceof org.apache.spark.sql.types.StringType) {
      t = org.apache.spark.sql.functions.unix_micros(org.apache.spark.sql.functions.try_to_timestamp(raw)).cast("double");
    } else {
      throw sparkwise.Errors.data("column '" + name + "'", "is " + type.simpleString()
          + ": split.time_column needs a date, timestamp, number or date text");
    }
    Dataset<Row> timed = withId.withColumn("__t", org.apache.spark.sql.functions.coalesce(t, lit(Double.NEGATIVE_INFINITY)));
    int blocks = (cfg.mode().equals("kfold") ? cfg.folds() : 1) + 1;
    double search = 1 - cfg.holdoutFraction();
    double[] probs = new double[blocks];
    for (int b = 1; b < blocks; b++) {
      probs[b - 1] = cfg.mode().equals("kfold") ? search * b / blocks : search * (1 - cfg.validationFraction());
    }
    probs[blocks - 1] = search;
    double[] cuts = timed.stat().approxQuantile("__t", probs, 0.001);
    if (cuts.length == 0) {
      throw sparkwise.Errors.data("column '" + name + "'", "has no time values to order the split by");
    }
    Column fold = lit(0);
    for (int b = 0; b < blocks - 1; b++) {
      fold = fold.plus(when(col("__t").gt(cuts[b]), 1).otherwise(0));
    }
    Column held = cfg.holdoutFraction() > 0 ? col("__t").gt(cuts[blocks - 1]) : lit(false);
    return timed.withColumn(HOLDOUT, held).withColumn(FOLD, fold.cast("int")).drop("__t");
  }

  /** The validation fold ids for the config's mode. */
  public static int[] validationFolds(TrainConfig.Split cfg) {
    if (cfg.timeOrdered()) {
      int k = cfg.mode().equals("kfold") ? cfg.folds() : 1;
      int[] out = new int[k];
      for (int i = 0; i < k; i++) {
        out[i] = i + 1;
      }
      return out;
    }
    if (cfg.mode().equals("kfold")) {
      int[] out = new int[cfg.folds()];
      for (int i = 0; i < out.length; i++) {
        out[i] = i;
      }
      return out;
    }
    return new int[] {0};
  }
}
