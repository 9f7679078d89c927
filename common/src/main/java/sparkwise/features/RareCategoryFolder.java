package sparkwise.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Folds rare categories into one bucket, {@link #RARE}: a value seen fewer than
 * {@code minCount} times in the training rows, or beyond the {@code maxLevels} most frequent,
 * becomes {@code RARE} (so does a value never seen in training). Keeps one-hot vectors narrow
 * and gives unseen values a learned meaning. Nulls stay null.
 */
public final class RareCategoryFolder extends Estimator<RareCategoryFolderModel> implements DefaultParamsWritable {
  public static final String RARE = "__rare__";

  private final String uid;
  final StringArrayParam inputCols;
  final StringArrayParam outputCols;
  final IntParam minCount;
  final IntParam maxLevels;

  public RareCategoryFolder(String uid) {
    this.uid = uid;
    inputCols = new StringArrayParam(this, "inputCols", "string columns to fold");
    outputCols = new StringArrayParam(this, "outputCols", "folded output columns");
    minCount = new IntParam(this, "minCount", "rows a value needs to keep its own level", ParamValidators.gtEq(1));
    maxLevels = new IntParam(this, "maxLevels", "most frequent values kept per column", ParamValidators.gtEq(1));
    setDefault(minCount, 10);
    setDefault(maxLevels, 1000);
  }

  public RareCategoryFolder() {
    this(Identifiable$.MODULE$.randomUID("sparkwiseRareCategoryFolder"));
  }

  @Override
  public String uid() { return uid; }

  public StringArrayParam inputCols() { return inputCols; }

  public StringArrayParam outputCols() { return outputCols; }

  public IntParam minCount() { return minCount; }

  public IntParam maxLevels() { return maxLevels; }

  public RareCategoryFolder setInputCols(String[] v) { set(inputCols, v); return this; }

  public RareCategoryFolder setOutputCols(String[] v) { set(outputCols, v); return this; }

  public RareCategoryFolder setMinCount(int v) { set(minCount, v); return this; }

  public RareCategoryFolder setMaxLevels(int v) { set(maxLevels, v); return this; }

  @Override
  public RareCategoryFolderModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String[] in = getOrDefault(inputCols);
    int min = (Integer) getOrDefault(minCount);
    int max = (Integer) getOrDefault(maxLevels);
    Map<String, List<String>> levels = new LinkedHashMap<>();
    List<Column> pairs = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      levels.put(in[i], new ArrayList<>());
      pairs.add(struct(lit(i).as("c"), col(in[i]).cast(DataTypes.StringType).as("v")));
    }
    // One aggregation for all columns: (column, value) counts, the frequent ones ranked within
    // each column; at most columns x maxLevels rows reach the driver.
    Dataset<Row> counts = dataset.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
        .select(col("p.c").as("c"), col("p.v").as("v"))
        .filter(col("v").isNotNull())
        .groupBy("c", "v").count()
        .filter(col("count").geq(min))
        .withColumn("rank", row_number().over(Window.partitionBy("c").orderBy(desc("count"), col("v"))))
        .filter(col("rank").leq(max))
        .orderBy("c", "rank");
    for (Row r : counts.collectAsList()) {
      levels.get(in[r.getInt(0)]).add(r.getString(1));
    }
    RareCategoryFolderModel model = new RareCategoryFolderModel(uid).setLevels(levels);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return RareCategoryFolderModel.outputSchema(schema, getOrDefault(inputCols), getOrDefault(outputCols));
  }

  @Override
  public RareCategoryFolder copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<RareCategoryFolder> read() {
    return new DefaultParamsReader<>();
  }

  static String toJson(Map<String, List<String>> levels) {
    try {
      return new ObjectMapper().writeValueAsString(levels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Column fold(String c, List<String> keep) {
    return when(col(c).isNull(), lit(null).cast(DataTypes.StringType))
        .when(col(c).isin(keep.toArray()), col(c))
        .otherwise(lit(RARE));
  }
}
