package sparkwise.features;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.feature.TargetEncoderModel;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The fitted {@link OutOfFoldTargetEncoder}: Spark's encoder on all rows, and one per fold. Saved
 * as Spark metadata plus the encoders in {@code all/} and {@code folds/<f>/}.
 */
public final class OutOfFoldTargetEncoderModel extends Model<OutOfFoldTargetEncoderModel> implements MLWritable {
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final Param<String> keyCol;
  private final TargetEncoderModel all;
  private final TargetEncoderModel[] byFold;

  public OutOfFoldTargetEncoderModel(String uid, TargetEncoderModel all, TargetEncoderModel[] byFold) {
    this.uid = uid;
    this.all = all;
    this.byFold = byFold;
    inputCols = new StringArrayParam(this, "inputCols", "category index columns");
    outputCols = new StringArrayParam(this, "outputCols", "encoded columns");
    keyCol = new Param<>(this, "keyCol", "the training row key; rows with it are encoded out of fold");
  }

  @Override
  public String uid() { return uid; }

  public StringArrayParam inputCols() { return inputCols; }

  public StringArrayParam outputCols() { return outputCols; }

  public Param<String> keyCol() { return keyCol; }

  /** Whether rows with the training key are encoded out of fold (false once loaded for scoring only). */
  public boolean hasFoldEncoders() {
    return byFold.length > 0;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String key = getOrDefault(keyCol);
    if (byFold.length == 0 || !Arrays.asList(dataset.columns()).contains(key)) {
      return plain(all.transform(dataset));
    }
    // One projection (a lookup per column in the row's own out-of-fold table), not a union of k + 1
    // transforms: each union branch re-read the rows through the whole preprocessing plan before it.
    Dataset<Row> df = dataset.toDF();
    String[] in = getOrDefault(inputCols);
    String[] out = getOrDefault(outputCols);
    java.util.Map<String, org.apache.spark.sql.Column> cols = new java.util.LinkedHashMap<>();
    for (int i = 0; i < in.length; i++) {
      FoldEncodings enc = FoldEncodings.of(all, byFold, i);
      cols.put(out[i], functions.udf((UDF2<Long, Double, Double>) enc::encode, DataTypes.DoubleType)
          .apply(col(key).cast("long"), col(in[i]).cast("double")));
    }
    return df.withColumns(cols);
  }

  /** Encoded values are plain numbers: Spark's encoder tags them nominal, which trees would misread. */
  private Dataset<Row> plain(Dataset<Row> df) {
    java.util.Map<String, org.apache.spark.sql.Column> cols = new java.util.LinkedHashMap<>();
    for (String o : getOrDefault(outputCols)) {
      cols.put(o, col(o).as(o, org.apache.spark.sql.types.Metadata.empty()));
    }
    return df.withColumns(cols);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getOrDefault(inputCols), getOrDefault(outputCols));
  }

  static StructType outputSchema(StructType schema, String[] in, String[] out) {
    StructType s = schema;
    for (int i = 0; i < in.length; i++) {
      if (!Arrays.asList(schema.fieldNames()).contains(in[i])) {
        throw new IllegalArgumentException("OutOfFoldTargetEncoder: no column '" + in[i] + "'");
      }
      s = s.add(out[i], DataTypes.DoubleType, true);
    }
    return s;
  }

  @Override
  public OutOfFoldTargetEncoderModel copy(ParamMap extra) {
    return copyValues(new OutOfFoldTargetEncoderModel(uid, all, byFold), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<OutOfFoldTargetEncoderModel> read() {
    return new Reader();
  }

  public static OutOfFoldTargetEncoderModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final OutOfFoldTargetEncoderModel m;

    Writer(OutOfFoldTargetEncoderModel m) {
      this.m = m;
    }

    @Override
    public void saveImpl(String path) {
      // The metadata and the encoders save side by side: each is a few tiny Spark jobs.
      java.util.List<java.util.function.Supplier<Void>> parts = new java.util.ArrayList<>();
      parts.add(() -> {
        sparkwise.data.ParamsMetadata.save(m, path, sparkSession());
        return null;
      });
      parts.add(() -> save(m.all, path + "/all"));
      for (int f = 0; f < m.byFold.length; f++) {
        TargetEncoderModel fold = m.byFold[f];
        String at = path + "/folds/" + f;
        parts.add(() -> save(fold, at));
      }
      sparkwise.data.SideBySide.run(sparkSession().sparkContext(), parts, "sparkwise-model-save");
    }

    private Void save(TargetEncoderModel encoder, String at) {
      try {
        encoder.write().session(sparkSession()).save(at);
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the target encoder to " + at, e);
      }
    }
  }

  private static final class Reader extends MLReader<OutOfFoldTargetEncoderModel> {
    @Override
    public OutOfFoldTargetEncoderModel load(String path) {
      DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sparkSession(),
          OutOfFoldTargetEncoderModel.class.getName());
      int n;
      try {
        Path p = new Path(path + "/folds");
        FileSystem fs = p.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        n = fs.exists(p) ? fs.listStatus(p).length : 0;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the target encoder at " + path, e);
      }
      // The encoders load side by side: each is a few tiny Spark jobs.
      java.util.List<java.util.function.Supplier<TargetEncoderModel>> parts = new java.util.ArrayList<>();
      parts.add(() -> TargetEncoderModel.load(path + "/all"));
      for (int f = 0; f < n; f++) {
        String fold = path + "/folds/" + f;
        parts.add(() -> TargetEncoderModel.load(fold));
      }
      java.util.List<TargetEncoderModel> loaded = sparkwise.data.SideBySide.run(sparkSession().sparkContext(), parts,
          "sparkwise-model-load");
      TargetEncoderModel all = loaded.get(0);
      TargetEncoderModel[] byFold = loaded.subList(1, loaded.size()).toArray(TargetEncoderModel[]::new);
      OutOfFoldTargetEncoderModel m = new OutOfFoldTargetEncoderModel(md.uid(), all, byFold);
      md.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
