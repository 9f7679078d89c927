package sparkwise.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage of every Sparkwise model: the input contract. It checks that every training
 * column is present (naming the missing one), cleans and casts each to what the features expect
 * (missing tokens and non-finite numbers become null) and writes it under a safe internal name,
 * passing the user's columns through untouched. It also carries the label's name, type and the
 * task, so a saved model describes itself.
 */
public final class SchemaGuard extends Transformer implements DefaultParamsWritable {
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final StringArrayParam kinds;
  private final Param<String> labelCol;
  private final Param<String> labelType;
  private final Param<String> task;

  public SchemaGuard(String uid) {
    this.uid = uid;
    inputCols = new StringArrayParam(this, "inputCols", "the training columns, as the user named them");
    outputCols = new StringArrayParam(this, "outputCols", "the internal (safe) name of each input column");
    kinds = new StringArrayParam(this, "kinds", "the semantic kind of each input column (ColumnKind id)");
    labelCol = new Param<>(this, "labelCol", "the label column the model was trained on");
    labelType = new Param<>(this, "labelType", "the Spark SQL type of the label at training");
    task = new Param<>(this, "task", "binary, multiclass or regression");
  }

  public SchemaGuard() {
    this(Identifiable$.MODULE$.randomUID("sparkwiseSchemaGuard"));
  }

  @Override
  public String uid() {
    return uid;
  }

  public StringArrayParam inputCols() { return inputCols; }

  public StringArrayParam outputCols() { return outputCols; }

  public StringArrayParam kinds() { return kinds; }

  public Param<String> labelCol() { return labelCol; }

  public Param<String> labelType() { return labelType; }

  public Param<String> task() { return task; }

  public SchemaGuard setColumns(String[] in, String[] out, String[] kindIds) {
    if (in.length != out.length || in.length != kindIds.length) {
      throw new IllegalArgumentException("inputCols, outputCols and kinds must have the same length");
    }
    set(inputCols, in);
    set(outputCols, out);
    set(kinds, kindIds);
    return this;
  }

  public SchemaGuard setLabel(String name, String type, String taskId) {
    set(labelCol, name);
    set(labelType, type);
    set(task, taskId);
    return this;
  }

  public String[] getInputCols() { return getOrDefault(inputCols); }

  public String[] getOutputCols() { return getOrDefault(outputCols); }

  public String[] getKinds() { return getOrDefault(kinds); }

  public String getLabelCol() { return getOrDefault(labelCol); }

  public String getLabelType() { return getOrDefault(labelType); }

  public String getTask() { return getOrDefault(task); }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String[] in = getInputCols();
    String[] out = getOutputCols();
    String[] k = getKinds();
    List<Column> cols = new ArrayList<>();
    for (String name : dataset.columns()) {
      cols.add(Cleaning.ref(name));
    }
    for (int i = 0; i < in.length; i++) {
      DataType from = dataset.schema().apply(dataset.schema().fieldIndex(resolve(dataset.schema(), in[i])))
          .dataType();
      ColumnKind kind = ColumnKind.valueOf(k[i].toUpperCase(java.util.Locale.ROOT));
      cols.add(Cleaning.forKind(Cleaning.ref(resolve(dataset.schema(), in[i])), from, kind).as(out[i]));
    }
    return dataset.select(cols.toArray(Column[]::new));
  }

  private static String resolve(StructType schema, String name) {
    return Cleaning.resolve(schema.fieldNames(), name, "the input table; the model was trained with it");
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[] in = getInputCols();
    String[] out = getOutputCols();
    String[] k = getKinds();
    StructType result = schema;
    for (int i = 0; i < in.length; i++) {
      String name = resolve(schema, in[i]);
      ColumnKind kind = ColumnKind.valueOf(k[i].toUpperCase(java.util.Locale.ROOT));
      DataType given = schema.apply(name).dataType();
      if (!Cleaning.castable(given, kind)) {
        throw sparkwise.Errors.data("column '" + name + "'", "has type " + given.simpleString()
            + ", which cannot be cast to the " + kind.id() + " column the model was trained on");
      }
      DataType type = switch (kind) {
        case NUMERIC, NUMERIC_STRING, BOOLEAN -> DataTypes.DoubleType;
        case DATE -> DataTypes.DateType;
        case TIMESTAMP -> DataTypes.TimestampType;
        default -> DataTypes.StringType;
      };
      result = result.add(new StructField(out[i], type, true, org.apache.spark.sql.types.Metadata.empty()));
    }
    return result;
  }

  @Override
  public SchemaGuard copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<SchemaGuard> read() {
    return new DefaultParamsReader<>();
  }

  public static SchemaGuard load(String path) {
    return read().load(path);
  }
}
