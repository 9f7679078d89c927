package sparkwise.models;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * An XGBoost booster evaluated in the JVM, one row at a time: the same trees (or linear weights),
 * intercept and link function as XGBoost's predictor, summed in float in the same order. Scoring
 * with it is an expression in the query, where XGBoost's Spark model turns the query into an RDD
 * (planning everything before it at once) and converts every column of every row to a {@code Row}
 * and back: on the demo's 30,000 rows with a three-member ensemble, most of the scoring job.
 * XGBoost's own predictor needs rows in batches (one row per native call costs ~270 µs).
 *
 * <p>Only what Sparkwise trains is covered: {@code gbtree} (random forests included) and
 * {@code gblinear} with {@code binary:logistic}, {@code multi:softprob} or {@code reg:squarederror},
 * numeric splits, one target. {@link #of} returns empty for anything else, and the caller keeps
 * XGBoost's own scoring.
 */
final class JvmBooster implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Link { IDENTITY, LOGISTIC, SOFTMAX }

  private final Link link;
  private final int groups;
  private final float[] baseMargin;
  private final Tree[] trees;
  private final int[] treeGroup;
  /** gblinear: weight of feature j for group g at {@code j * groups + g}, then one bias per group; null for trees. */
  private final float[] linear;
  private final int numFeature;

  private JvmBooster(Link link, int groups, float[] baseMargin, Tree[] trees, int[] treeGroup, float[] linear,
      int numFeature) {
    this.link = link;
    this.groups = groups;
    this.baseMargin = baseMargin;
    this.trees = trees;
    this.treeGroup = treeGroup;
    this.linear = linear;
    this.numFeature = numFeature;
  }

  /** One regression tree in XGBoost's arrays; a leaf's value is its split condition. */
  private record Tree(int[] left, int[] right, int[] feature, float[] value, boolean[] defaultLeft)
      implements Serializable {
    float leaf(float[] x) {
      int node = 0;
      while (left[node] >= 0) {
        int f = feature[node];
        float v = f < x.length ? x[f] : Float.NaN;
        node = Float.isNaN(v) ? (defaultLeft[node] ? left[node] : right[node])
            : v < value[node] ? left[node] : right[node];
      }
      return value[node];
    }
  }

  /** The booster serialised by XGBoost (UBJSON), or empty when it is outside what this class covers. */
  static Optional<JvmBooster> of(byte[] booster) {
    byte[] json;
    try {
      ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.loadModel(new ByteArrayInputStream(booster));
      try {
        json = b.toByteArray("json");
      } finally {
        b.dispose();
      }
      return fromJson(json);
    } catch (ml.dmlc.xgboost4j.java.XGBoostError | IOException | RuntimeException e) {
      return Optional.empty(); // XGBoost's own scoring still works for whatever this cannot read
    }
  }

  /**
   * XGBoost's JSON model read in one pass: each tree's five arrays that scoring needs go straight
   * into Java arrays, the rest (parameters, objective, tree_info, gblinear's weights) into a JSON
   * tree. Jackson's tree of a whole forest (ten arrays per tree; a 300-tree model is 13 MB of
   * JSON) took 0.4–0.6 s to build, most of the time it took to load such a model.
   */
  static Optional<JvmBooster> fromJson(byte[] json) throws IOException {
    List<Tree> trees = new ArrayList<>();
    boolean[] unsupported = new boolean[1];
    JsonNode root;
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      p.nextToken();
      root = read(p, trees, unsupported);
    }
    return unsupported[0] ? Optional.empty() : fromJson(root.path("learner"), trees);
  }

  /** The value at the parser's current token, an array named "trees" read into {@code trees} instead. */
  private static JsonNode read(JsonParser p, List<Tree> trees, boolean[] unsupported) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      JsonNode v = JSON.readTree(p);
      return v == null ? NullNode.getInstance() : v;
    }
    ObjectNode out = JSON.createObjectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() == JsonToken.START_ARRAY && name.equals("trees")) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          trees.add(tree(p, unsupported));
        }
        out.putArray(name);
      } else {
        out.set(name, read(p, trees, unsupported));
      }
    }
    return out;
  }

  /** One tree's object, from its START_OBJECT to its END_OBJECT; marks categorical or vector-leaf trees unsupported. */
  private static Tree tree(JsonParser p, boolean[] unsupported) throws IOException {
    int[] left = null;
    int[] right = null;
    int[] feature = null;
    float[] value = null;
    boolean[] defaultLeft = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "left_children" -> left = ints(p);
        case "right_children" -> right = ints(p);
        case "split_indices" -> feature = ints(p);
        case "split_conditions" -> value = floats(p);
        case "default_left" -> {
          int[] d = ints(p);
          defaultLeft = new boolean[d.length];
          for (int i = 0; i < d.length; i++) {
            defaultLeft[i] = d[i] != 0;
          }
        }
        case "categories_nodes" -> unsupported[0] |= JSON.readTree(p).size() > 0;
        case "tree_param" -> {
          JsonNode param = JSON.readTree(p);
          unsupported[0] |= param.path("size_leaf_vector").asInt(1) > 1;
        }
        default -> p.skipChildren();
      }
    }
    if (left == null || right == null || feature == null || value == null || defaultLeft == null) {
      unsupported[0] = true;
    }
    return new Tree(left, right, feature, value, defaultLeft);
  }

  /** The array at the parser (START_ARRAY) as ints; 0/1 for booleans. */
  private static int[] ints(JsonParser p) throws IOException {
    int[] out = new int[64];
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, 2 * n);
      }
      out[n++] = t == JsonToken.VALUE_TRUE ? 1 : t == JsonToken.VALUE_FALSE ? 0 : p.getIntValue();
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The array at the parser (START_ARRAY) as floats, each read as a double and rounded to float. */
  private static float[] floats(JsonParser p) throws IOException {
    float[] out = new float[64];
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, 2 * n);
      }
      out[n++] = (float) p.getDoubleValue();
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static Optional<JvmBooster> fromJson(JsonNode learner, List<Tree> trees) {
    JsonNode param = learner.path("learner_model_param");
    if (param.path("num_target").asInt(1) != 1) {
      return Optional.empty();
    }
    Link link = switch (learner.path("objective").path("name").asText()) {
      case "binary:logistic" -> Link.LOGISTIC;
      case "multi:softprob" -> Link.SOFTMAX;
      case "reg:squarederror" -> Link.IDENTITY;
      default -> null;
    };
    if (link == null) {
      return Optional.empty();
    }
    int groups = link == Link.SOFTMAX ? param.path("num_class").asInt() : 1;
    float[] base = baseMargin(param.path("base_score").asText(), groups, link);
    if (base == null) {
      return Optional.empty();
    }
    int numFeature = param.path("num_feature").asInt();
    JsonNode gb = learner.path("gradient_booster");
    JsonNode model = gb.path("model");
    switch (gb.path("name").asText()) {
      case "gblinear" -> {
        JsonNode w = model.path("weights");
        if (w.size() != (numFeature + 1) * groups) {
          return Optional.empty();
        }
        return Optional.of(new JvmBooster(link, groups, base, null, null, floats(w), numFeature));
      }
      case "gbtree" -> {
        JsonNode info = model.path("tree_info");
        if (info.size() != trees.size()) {
          return Optional.empty();
        }
        int[] treeGroup = new int[trees.size()];
        for (int t = 0; t < treeGroup.length; t++) {
          treeGroup[t] = info.get(t).asInt();
        }
        return Optional.of(new JvmBooster(link, groups, base, trees.toArray(Tree[]::new), treeGroup, null,
            numFeature));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** The intercept as a margin: XGBoost stores it as a prediction ("[5.1E-1]", one per class for softmax). */
  private static float[] baseMargin(String text, int groups, Link link) {
    String[] parts = text.replace("[", "").replace("]", "").split(",");
    float[] out = new float[groups];
    for (int g = 0; g < groups; g++) {
      float p = Float.parseFloat(parts[parts.length == groups ? g : 0].trim());
      out[g] = switch (link) {
        case LOGISTIC -> (float) -Math.log(1.0f / p - 1.0f);
        case SOFTMAX, IDENTITY -> p; // softmax: XGBoost 3.1 starts each class's margin at its prior as is
      };
    }
    return parts.length == groups || parts.length == 1 ? out : null;
  }

  private static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  /**
   * The scores as one array column: for classification the raw scores, then the class
   * probabilities (two of each for binary: XGBoost's Spark model gives {@code [-m, m]} and
   * {@code [1 - p, p]}), then the predicted class (the first most probable); for regression the
   * prediction alone.
   */
  org.apache.spark.sql.Column scores(org.apache.spark.sql.Column features) {
    org.apache.spark.sql.api.java.UDF1<Vector, double[]> f = this::scores;
    return org.apache.spark.sql.functions.udf(f,
        org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.DoubleType, false))
        .asNonNullable().apply(features);
  }

  /** Classes predicted (2 for binary), or 0 for regression. */
  int classes() {
    return link == Link.IDENTITY ? 0 : Math.max(2, groups);
  }

  double[] scores(Vector v) {
    float[] m = margins(v);
    float[] p = predictions(m);
    if (link == Link.IDENTITY) {
      return new double[] {p[0]};
    }
    if (link == Link.LOGISTIC) {
      double prob = p[0];
      return new double[] {-m[0], m[0], 1.0 - prob, prob, prob > 1.0 - prob ? 1.0 : 0.0};
    }
    double[] out = new double[2 * groups + 1];
    int best = 0;
    for (int g = 0; g < groups; g++) {
      out[g] = m[g];
      out[groups + g] = p[g];
      best = p[g] > p[best] ? g : best;
    }
    out[2 * groups] = best;
    return out;
  }

  /** The raw scores (margins), one per group, of the features {@code v}; NaN is missing. */
  float[] margins(Vector v) {
    double[] d = v instanceof DenseVector dense ? dense.values() : v.toArray();
    float[] x = new float[d.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) d[i];
    }
    float[] m = baseMargin.clone();
    if (linear != null) {
      for (int g = 0; g < groups; g++) {
        // XGBoost's order: bias, intercept, features; gblinear starts every class at the first intercept.
        float sum = linear[numFeature * groups + g] + baseMargin[0];
        for (int j = 0; j < Math.min(numFeature, x.length); j++) {
          if (!Float.isNaN(x[j])) {
            sum += x[j] * linear[j * groups + g];
          }
        }
        m[g] = sum;
      }
      return m;
    }
    for (int t = 0; t < trees.length; t++) {
      m[treeGroup[t]] += trees[t].leaf(x);
    }
    return m;
  }

  /** The margins turned into predictions: the class-1 probability, the class probabilities, or the value. */
  float[] predictions(float[] margins) {
    float[] p = margins.clone();
    switch (link) {
      case LOGISTIC -> p[0] = 1.0f / (1.0f + (float) Math.exp(-margins[0]));
      case SOFTMAX -> {
        float max = Float.NEGATIVE_INFINITY;
        for (float m : margins) {
          max = Math.max(max, m);
        }
        float sum = 0f;
        for (int g = 0; g < p.length; g++) {
          p[g] = (float) Math.exp(margins[g] - max);
          sum += p[g];
        }
        for (int g = 0; g < p.length; g++) {
          p[g] /= sum;
        }
      }
      case IDENTITY -> { }
    }
    return p;
  }
}
