package sparkwise.ensemble;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Several fitted models as one stage. Members that share a preprocessing variant share its fitted
 * prefix, computed once per row; each member's scores (class probabilities, or the prediction for
 * regression) are combined by weights ({@code voting}, {@code selection}) or by a fitted
 * meta-learner ({@code stacking}, whose features are the members' scores). Outputs the usual
 * {@code prediction}, {@code probability} and {@code rawPrediction} columns. Saves its parts in
 * its own folder and loads with plain {@code PipelineModel.load} (Sparkwise jar on the classpath).
 */
public final class EnsembleModel extends Model<EnsembleModel> implements MLWritable {
  static final String SCORE_PREFIX = "__ensemble_s";
  static final String META_FEATURES = "__ensemble_meta_features";

  private final String uid;
  private final Param<String> method;
  private final Param<String> task;
  private final DoubleArrayParam weights;
  private final IntArrayParam memberVariants;
  private final StringArrayParam memberNames;
  private final PipelineModel[] variants;
  private final Transformer[] members;
  private final PipelineModel meta;

  public EnsembleModel(String uid, PipelineModel[] variants, Transformer[] members, PipelineModel meta) {
    this.uid = uid;
    this.variants = variants;
    this.members = members;
    this.meta = meta;
    method = new Param<>(this, "method", "voting, selection or stacking",
        ParamValidators.inArray(new String[] {"voting", "selection", "stacking"}));
    task = new Param<>(this, "task", "binary, multiclass or regression",
        ParamValidators.inArray(new String[] {"binary", "multiclass", "regression"}));
    weights = new DoubleArrayParam(this, "weights", "each member's weight (voting, selection)");
    memberVariants = new IntArrayParam(this, "memberVariants", "each member's preprocessing variant (index)");
    memberNames = new StringArrayParam(this, "memberNames", "each member's trial and family, for people");
  }

  public EnsembleModel(PipelineModel[] variants, Transformer[] members, PipelineModel meta) {
    this(Identifiable.randomUID("sparkwise_ensemble"), variants, members, meta);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> method() { return method; }

  public Param<String> task() { return task; }

  public DoubleArrayParam weights() { return weights; }

  public IntArrayParam memberVariants() { return memberVariants; }

  public StringArrayParam memberNames() { return memberNames; }

  public EnsembleModel configure(String methodId, String taskId, double[] w, int[] variantOfMember, String[] names) {
    set(method, methodId);
    set(task, taskId);
    set(weights, w);
    set(memberVariants, variantOfMember);
    set(memberNames, names);
    return this;
  }

  public String getMethod() { return getOrDefault(method); }

  public double[] getWeights() { return getOrDefault(weights); }

  public String[] getMemberNames() { return getOrDefault(memberNames); }

  /** Member {@code j} alone, after its preprocessing variant: for comparing it with the ensemble. */
  public PipelineModel member(int j) {
    return new PipelineModel(uid + "_member" + j,
        new Transformer[] {variants[getOrDefault(memberVariants)[j]], members[j]});
  }

  private boolean regression() {
    return "regression".equals(getOrDefault(task));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> combined = transformKeepingMemberScores(dataset);
    for (int j = 0; j < members.length; j++) {
      combined = combined.drop(memberScores(j));
    }
    return combined;
  }

  /** The array column of member {@code j}'s scores (class probabilities, or its prediction) beside the ensemble's. */
  public static String memberScores(int j) {
    return SCORE_PREFIX + j;
  }

  /**
   * {@link #transform}, each member's scores kept beside the ensemble's ({@link #memberScores}): a
   * member's holdout metrics from the same query as the ensemble's.
   */
  public Dataset<Row> transformKeepingMemberScores(Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    List<String> keep = new ArrayList<>(Arrays.asList(df.columns()));
    int[] variantOf = getOrDefault(memberVariants);
    for (int v = 0; v < variants.length; v++) {
      // Only the kept columns and the members' features go on: a member's scorer (XGBoost's
      // mapPartitions) converts every column of every row, the preprocessing's own columns included.
      List<String> needed = new ArrayList<>(keep);
      for (int j = 0; j < members.length; j++) {
        String features = members[j].hasParam("featuresCol")
            ? String.valueOf(members[j].getOrDefault(members[j].getParam("featuresCol"))) : null;
        if (variantOf[j] == v && features != null && !needed.contains(features)) {
          needed.add(features);
        }
      }
      Dataset<Row> dv = variants[v].transform(df);
      dv = dv.select(needed.stream().map(EnsembleModel::quoted).toArray(Column[]::new));
      for (int j = 0; j < members.length; j++) {
        if (variantOf[j] != v) {
          continue;
        }
        Dataset<Row> out = members[j].transform(dv);
        dv = out.withColumn(SCORE_PREFIX + j, score(regression()))
            .drop("prediction", "probability", "rawPrediction");
        keep.add(SCORE_PREFIX + j);
      }
      df = dv.select(keep.stream().map(EnsembleModel::quoted).toArray(Column[]::new));
    }
    return "stacking".equals(getMethod()) ? stack(df) : weighted(df, getWeights(), regression());
  }

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** A model's scores as an array: class probabilities, or the prediction alone. */
  static Column score(boolean regression) {
    return regression
        ? array(col("prediction").cast("double"))
        : org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64");
  }

  /** The weighted mean of score columns {@code <prefix>j} as prediction (and probabilities). */
  static Dataset<Row> weighted(Dataset<Row> df, double[] w, boolean regression) {
    return weighted(df, w, regression, SCORE_PREFIX);
  }

  static Dataset<Row> weighted(Dataset<Row> df, double[] w, boolean regression, String prefix) {
    double total = Arrays.stream(w).sum();
    StringBuilder terms = new StringBuilder();
    int first = -1;
    for (int j = 0; j < w.length; j++) {
      if (w[j] > 0) {
        if (first < 0) {
          first = j;
          terms.append("x * ").append(w[j] / total);
        } else {
          terms.append(" + ").append(prefix).append(j).append("[k] * ").append(w[j] / total);
        }
      }
    }
    Column mean = expr("transform(" + prefix + first + ", (x, k) -> " + terms + ")");
    if (regression) {
      return df.withColumn("prediction", mean.getItem(0));
    }
    Column probability = org.apache.spark.ml.functions.array_to_vector(mean);
    return df.withColumn("__ensemble_mean", mean)
        .withColumn("probability", probability)
        .withColumn("rawPrediction", probability)
        .withColumn("prediction",
            expr("CAST(array_position(__ensemble_mean, array_max(__ensemble_mean)) - 1 AS DOUBLE)"))
        .drop("__ensemble_mean");
  }

  /** The meta-learner's features: each member's class-1 log-odds (binary) or all its scores. */
  static Column metaFeatures(int memberCount, String taskId, String prefix) {
    List<Column> parts = new ArrayList<>();
    for (int j = 0; j < memberCount; j++) {
      Column s = col(prefix + j);
      parts.add("binary".equals(taskId)
          ? array(expr("log(greatest(least(" + prefix + j + "[1], 0.999999), 0.000001) / "
              + "(1 - greatest(least(" + prefix + j + "[1], 0.999999), 0.000001)))"))
          : s);
    }
    return org.apache.spark.ml.functions.array_to_vector(
        org.apache.spark.sql.functions.flatten(array(parts.toArray(Column[]::new))));
  }

  private Dataset<Row> stack(Dataset<Row> df) {
    Dataset<Row> withFeatures = df.withColumn(META_FEATURES, metaFeatures(members.length, getOrDefault(task),
        SCORE_PREFIX));
    Dataset<Row> out = meta.transform(withFeatures).drop(META_FEATURES);
    return out.withColumn("prediction", col("prediction").cast("double"));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = schema;
    if (!regression()) {
      out = out.add("probability", SQLDataTypes.VectorType(), true).add("rawPrediction", SQLDataTypes.VectorType(), true);
    }
    return out.add("prediction", DataTypes.DoubleType, true);
  }

  @Override
  public EnsembleModel copy(ParamMap extra) {
    EnsembleModel m = new EnsembleModel(uid, variants, members, meta);
    copyValues(m, extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<EnsembleModel> read() {
    return new Reader();
  }

  public static EnsembleModel load(String path) {
    return read().load(path);
  }

  /** Params as Spark metadata; variants, members (each as a one-stage PipelineModel) and meta in sub-folders. */
  private static final class Writer extends MLWriter {
    private final EnsembleModel m;

    Writer(EnsembleModel m) {
      this.m = m;
    }

    @Override
    public void saveImpl(String path) {
      // The parts, and their stages, save side by side (PipelineSaver).
      java.util.Map<String, Transformer> parts = new java.util.LinkedHashMap<>();
      for (int v = 0; v < m.variants.length; v++) {
        parts.put(path + "/variants/" + v, m.variants[v]);
      }
      for (int j = 0; j < m.members.length; j++) {
        parts.put(path + "/members/" + j, new PipelineModel(m.uid + "_member" + j, new Transformer[] {m.members[j]}));
      }
      if (m.meta != null) {
        parts.put(path + "/meta", m.meta);
      }
      sparkwise.models.PipelineSaver.saveAll(sparkSession(), parts,
          () -> sparkwise.data.ParamsMetadata.save(m, path, sparkSession()));
    }
  }

  private static final class Reader extends MLReader<EnsembleModel> {
    @Override
    public EnsembleModel load(String path) {
      DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sparkSession(),
          EnsembleModel.class.getName());
      int nVariants = count(path + "/variants");
      int nMembers = count(path + "/members");
      boolean hasMeta = count(path) > 0 && exists(path + "/meta");
      // The parts, and their stages, load side by side (PipelineLoader).
      List<String> parts = new ArrayList<>();
      for (int v = 0; v < nVariants; v++) {
        parts.add(path + "/variants/" + v);
      }
      for (int j = 0; j < nMembers; j++) {
        parts.add(path + "/members/" + j);
      }
      if (hasMeta) {
        parts.add(path + "/meta");
      }
      List<PipelineModel> loaded = sparkwise.data.SideBySide.run(sparkSession().sparkContext(),
          parts.stream().map(part -> (java.util.function.Supplier<PipelineModel>)
              () -> sparkwise.models.PipelineLoader.load(sparkSession(), part)).toList(),
          "sparkwise-model-load");
      PipelineModel[] variants = loaded.subList(0, nVariants).toArray(PipelineModel[]::new);
      Transformer[] members = new Transformer[nMembers];
      for (int j = 0; j < nMembers; j++) {
        members[j] = loaded.get(nVariants + j).stages()[0];
      }
      PipelineModel meta = hasMeta ? loaded.get(nVariants + nMembers) : null;
      EnsembleModel m = new EnsembleModel(md.uid(), variants, members, meta);
      md.getAndSetParams(m, Option.empty());
      return m;
    }

    private int count(String dir) {
      try {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
        var fs = p.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        return fs.exists(p) ? fs.listStatus(p).length : 0;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot list " + dir, e);
      }
    }

    private boolean exists(String dir) {
      try {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
        return p.getFileSystem(sparkSession().sparkContext().hadoopConfiguration()).exists(p);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + dir, e);
      }
    }
  }
}
