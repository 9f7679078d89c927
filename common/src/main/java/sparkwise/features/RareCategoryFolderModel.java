package sparkwise.features;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparkwise.Errors;

/** The fitted {@link RareCategoryFolder}: the kept levels of each column, as a JSON param. */
public final class RareCategoryFolderModel extends Model<RareCategoryFolderModel> implements DefaultParamsWritable {
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final IntParam minCount;
  private final IntParam maxLevels;
  private final Param<String> levels;

  public RareCategoryFolderModel(String uid) {
    this.uid = uid;
    inputCols = new StringArrayParam(this, "inputCols", "string columns to fold");
    outputCols = new StringArrayParam(this, "outputCols", "folded output columns");
    minCount = new IntParam(this, "minCount", "rows a value needs to keep its own level", ParamValidators.gtEq(1));
    maxLevels = new IntParam(this, "maxLevels", "most frequent values kept per column", ParamValidators.gtEq(1));
    levels = new Param<>(this, "levels", "JSON map: input column -> kept values");
  }

  @Override
  public String uid() { return uid; }

  public StringArrayParam inputCols() { return inputCols; }

  public StringArrayParam outputCols() { return outputCols; }

  public IntParam minCount() { return minCount; }

  public IntParam maxLevels() { return maxLevels; }

  public Param<String> levels() { return levels; }

  RareCategoryFolderModel setLevels(Map<String, List<String>> kept) {
    set(levels, RareCategoryFolder.toJson(kept));
    return this;
  }

  public Map<String, List<String>> getLevels() {
    try {
      return new ObjectMapper().readValue(getOrDefault(levels), new TypeReference<LinkedHashMap<String, List<String>>>() {});
    } catch (IOException e) {
      throw Errors.internal("RareCategoryFolderModel levels", e);
    }
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String[] in = getOrDefault(inputCols);
    String[] out = getOrDefault(outputCols);
    Map<String, List<String>> kept = getLevels();
    Map<String, Column> cols = new LinkedHashMap<>();
    for (int i = 0; i < in.length; i++) {
      cols.put(out[i], RareCategoryFolder.fold(in[i], kept.getOrDefault(in[i], List.of())));
    }
    return dataset.withColumns(cols);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getOrDefault(inputCols), getOrDefault(outputCols));
  }

  static StructType outputSchema(StructType schema, String[] in, String[] out) {
    if (in.length != out.length) {
      throw new IllegalArgumentException("inputCols and outputCols must have the same length");
    }
    StructType result = schema;
    for (int i = 0; i < in.length; i++) {
      if (!java.util.Arrays.asList(schema.fieldNames()).contains(in[i])) {
        throw Errors.missingColumn(in[i], "the input of RareCategoryFolder", java.util.Arrays.asList(schema.fieldNames()));
      }
      result = result.add(out[i], DataTypes.StringType, true);
    }
    return result;
  }

  @Override
  public RareCategoryFolderModel copy(ParamMap extra) {
    return copyValues(new RareCategoryFolderModel(uid), extra).setParent(parent());
  }

  public static MLReader<RareCategoryFolderModel> read() {
    return new DefaultParamsReader<>();
  }
}
