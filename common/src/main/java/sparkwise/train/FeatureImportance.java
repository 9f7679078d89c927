package sparkwise.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import sparkwise.ensemble.EnsembleModel;
import sparkwise.features.SchemaGuard;
import sparkwise.models.XGBoostStageModel;

/**
 * The top features of a fitted pipeline's model, named from the feature vector's ML attributes:
 * split importances for MLlib trees, total gain for XGBoost, |coefficient| (on scaled features) for
 * linear models. For an ensemble, those of its heaviest member. Empty for models without either.
 */
public final class FeatureImportance {
  static final int TOP = 25;

  private FeatureImportance() {}

  /** {@code {source, features: [{name, importance}]}} normalised to sum 1, or empty. */
  public static Optional<ObjectNode> of(PipelineModel pipeline, Dataset<Row> input) {
    Transformer[] stages = flat(pipeline.stages());
    for (int i = 0; i < stages.length; i++) {
      Transformer s = stages[i];
      if (s instanceof EnsembleModel e) {
        double[] w = e.getWeights();
        int j = 0;
        for (int k = 1; k < w.length; k++) {
          j = w[k] > w[j] ? k : j;
        }
        PipelineModel alone = new PipelineModel("importance", prefixWith(stages, i, e.member(j)));
        String member = e.getMemberNames()[j];
        return of(alone, input).map(n -> n.put("source", n.get("source").asText()
            + " of ensemble member " + member));
      }
      // The stages before the model analysed once (a wide plan's analysis takes a while): for
      // XGBoost's feature count and for the feature names.
      final int at = i;
      StructType[] schema = new StructType[1];
      java.util.function.Supplier<StructType> before = () -> schema[0] != null ? schema[0]
          : (schema[0] = new PipelineModel("importance", java.util.Arrays.copyOf(stages, at)).transform(input).schema());
      Optional<double[]> raw = rawImportances(s, () -> featureCount(before.get(), featuresCol(s)));
      if (raw.isPresent()) {
        return Optional.of(named(raw.get(), before.get(), featuresCol(s), source(s), originalNames(stages)));
      }
    }
    return Optional.empty();
  }

  /** Nested pipelines (an ensemble member's variant) opened up into one list of stages. */
  private static Transformer[] flat(Transformer[] stages) {
    List<Transformer> out = new ArrayList<>();
    for (Transformer t : stages) {
      if (t instanceof PipelineModel p) {
        out.addAll(List.of(flat(p.stages())));
      } else {
        out.add(t);
      }
    }
    return out.toArray(Transformer[]::new);
  }

  private static Transformer[] prefixWith(Transformer[] stages, int upTo, Transformer last) {
    Transformer[] out = java.util.Arrays.copyOf(stages, upTo + 1);
    out[upTo] = last;
    return out;
  }

  private static int featureCount(StructType schema, String featuresCol) {
    AttributeGroup g = AttributeGroup.fromStructField(schema.apply(featuresCol));
    return g.size() > 0 ? g.size() : 0;
  }

  private static Optional<double[]> rawImportances(Transformer s, java.util.function.IntSupplier width) {
    if (s instanceof XGBoostStageModel x) {
      int n = width.getAsInt();
      return n > 0 ? Optional.of(x.gainImportances(n)) : Optional.empty();
    }
    Object v = call(s, "featureImportances");
    if (v instanceof Vector vec) {
      return Optional.of(vec.toArray());
    }
    v = call(s, "coefficients");
    if (v instanceof Vector vec) {
      return Optional.of(abs(vec.toArray()));
    }
    v = call(s, "coefficientMatrix");
    if (v instanceof Matrix m) { // multinomial: a feature's largest |coefficient| over the classes
      double[] out = new double[m.numCols()];
      for (int c = 0; c < m.numCols(); c++) {
        for (int r = 0; r < m.numRows(); r++) {
          out[c] = Math.max(out[c], Math.abs(m.apply(r, c)));
        }
      }
      return Optional.of(out);
    }
    return Optional.empty();
  }

  private static String source(Transformer s) {
    if (s instanceof XGBoostStageModel) {
      return "XGBoost total gain";
    }
    return call(s, "featureImportances") != null ? "tree split importance"
        : "|coefficient| on scaled features";
  }

  private static String featuresCol(Transformer s) {
    if (s instanceof XGBoostStageModel x) {
      return x.$(x.featuresCol());
    }
    Object c = call(s, "getFeaturesCol");
    return c == null ? "features" : c.toString();
  }

  /** Internal (safe) column names back to the user's, from the pipeline's first stage. */
  private static Map<String, String> originalNames(Transformer[] stages) {
    Map<String, String> out = new HashMap<>();
    if (stages.length > 0 && stages[0] instanceof SchemaGuard g) {
      for (int i = 0; i < g.getInputCols().length; i++) {
        out.put(g.getOutputCols()[i], g.getInputCols()[i]);
      }
    }
    return out;
  }

  /** {@code f_age__imp} → {@code age}, {@code f_city__oh_Paris} → {@code city = Paris}, and so on. */
  static String readable(String attr, Map<String, String> originals) {
    String base = null;
    for (String internal : originals.keySet()) {
      if (attr.startsWith(internal) && (base == null || internal.length() > base.length())
          && (attr.length() == internal.length() || attr.startsWith("__", internal.length()))) {
        base = internal;
      }
    }
    if (base == null) {
      return attr;
    }
    String rest = attr.substring(base.length());
    for (String plain : new String[] {"__imp", "__f", "__idx"}) {
      rest = rest.replace(plain + "__", "__");
      if (rest.endsWith(plain)) {
        rest = rest.substring(0, rest.length() - plain.length());
      }
    }
    rest = rest.replace("__te", " (target mean)").replace("__oh_", " = ").replace("__rank", " (frequency rank)").replace("__missing", " is missing")
        .replace("__", " ");
    return originals.get(base) + rest;
  }

  private static ObjectNode named(double[] raw, StructType schema, String featuresCol, String source,
      Map<String, String> originals) {
    String[] names = new String[raw.length];
    AttributeGroup g = AttributeGroup.fromStructField(schema.apply(featuresCol));
    if (g.attributes().isDefined()) {
      Attribute[] attrs = g.attributes().get();
      for (int i = 0; i < attrs.length && i < names.length; i++) {
        names[i] = attrs[i].name().isDefined() ? readable(attrs[i].name().get(), originals) : null;
      }
    }
    double total = 0;
    for (double v : raw) {
      total += Double.isFinite(v) ? v : 0;
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      if (Double.isFinite(raw[i]) && raw[i] > 0) {
        idx.add(i);
      }
    }
    idx.sort(Comparator.comparingDouble((Integer i) -> raw[i]).reversed());
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("source", source);
    ArrayNode a = out.putArray("features");
    for (int i : idx.subList(0, Math.min(TOP, idx.size()))) {
      a.addObject().put("name", names[i] != null ? names[i] : "feature " + i)
          .put("importance", total > 0 ? raw[i] / total : 0);
    }
    return out;
  }

  private static double[] abs(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.abs(v[i]);
    }
    return out;
  }

  /** A public no-argument method's result, or null when the model has none. */
  private static Object call(Object target, String method) {
    try {
      Method m = target.getClass().getMethod(method);
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
