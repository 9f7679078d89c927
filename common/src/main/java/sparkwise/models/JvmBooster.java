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
  /**
   * Every tree's nodes in one array, four ints a node: the left child's offset (the right child
   * follows it; -1 at a leaf), the split feature, the split value's (a leaf's value's) float bits,
   * and the child taken when the feature is missing: a row's walk through every tree is one loop
   * over one array, with no call, object or NaN test per tree (an ensemble of the demo's 1,350
   * trees walks them for every row it scores).
   */
  private final int[] nodes;
  /** Each tree's root offset in {@link #nodes}; none for gblinear. */
  private final int[] roots;
  private final int[] treeGroup;
  /** The features a row is widened to, so that no split reads past the end of it. */
  private final int width;
  /** gblinear: weight of feature j for group g at {@code j * groups + g}, then one bias per group; null for trees. */
  private final float[] linear;
  private final int numFeature;

  private JvmBooster(Link link, int groups, float[] baseMargin, List<Tree> trees, int[] treeGroup, float[] linear,
      int numFeature) {
    this.link = link;
    this.groups = groups;
    this.baseMargin = baseMargin;
    this.treeGroup = treeGroup;
    this.linear = linear;
    this.numFeature = numFeature;
    int total = 0;
    int widest = numFeature;
    for (Tree t : trees) {
      total += t.left().length;
      for (int f : t.feature()) {
        widest = Math.max(widest, f + 1);
      }
    }
    this.width = widest;
    this.nodes = new int[4 * total];
    this.roots = new int[trees.size()];
    int next = 0;
    for (int t = 0; t < trees.size(); t++) {
      roots[t] = 4 * next;
      next = trees.get(t).flatten(nodes, next);
    }
  }

  /** One regression tree in XGBoost's arrays; a leaf's value is its split condition. */
  private record Tree(int[] left, int[] right, int[] feature, float[] value, boolean[] defaultLeft) {
    /**
     * Writes this tree into {@code out} from node {@code first} on, breadth first, so that each
     * node's two children sit side by side; returns the node after its last.
     */
    int flatten(int[] out, int first) {
      int[] order = new int[left.length];
      int[] at = new int[left.length];
      int n = 1;
      for (int i = 0; i < n; i++) { // order[0] is the root (0)
        int node = order[i];
        at[node] = first + i;
        if (left[node] >= 0) {
          order[n++] = left[node];
          order[n++] = right[node];
        }
      }
      for (int i = 0; i < n; i++) {
        int node = order[i];
        int o = 4 * at[node];
        boolean leaf = left[node] < 0;
        out[o] = leaf ? -1 : 4 * at[left[node]];
        out[o + 1] = leaf ? 0 : feature[node];
        out[o + 2] = Float.floatToRawIntBits(value[node]);
        out[o + 3] = leaf ? -1 : 4 * at[defaultLeft[node] ? left[node] : right[node]];
      }
      return first + n;
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
        return Optional.of(new JvmBooster(link, groups, base, List.of(), null, floats(w), numFeature));
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
        return Optional.of(new JvmBooster(link, groups, base, trees, treeGroup, null, numFeature));
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
    float[] x = new float[Math.max(d.length, width)];
    for (int i = 0; i < d.length; i++) {
      x[i] = (float) d[i];
    }
    java.util.Arrays.fill(x, d.length, x.length, Float.NaN);
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
    int[] nodes = this.nodes;
    int[] roots = this.roots;
    for (int t = 0; t < roots.length; t++) {
      int n = roots[t];
      for (int left = nodes[n]; left >= 0; left = nodes[n]) {
        float value = x[nodes[n + 1]];
        float split = Float.intBitsToFloat(nodes[n + 2]);
        // a missing value (NaN) is neither below the split nor at or above it
        n = value < split ? left : value >= split ? left + 4 : nodes[n + 3];
      }
      m[treeGroup[t]] += Float.intBitsToFloat(nodes[n + 2]);
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
