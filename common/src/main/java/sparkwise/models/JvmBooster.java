package sparkwise.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
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
      return fromJson(JSON.readTree(json).path("learner"));
    } catch (ml.dmlc.xgboost4j.java.XGBoostError | IOException | RuntimeException e) {
      return Optional.empty(); // XGBoost's own scoring still works for whatever this cannot read
    }
  }

  static Optional<JvmBooster> fromJson(JsonNode learner) {
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
        JsonNode ts = model.path("trees");
        JsonNode info = model.path("tree_info");
        Tree[] trees = new Tree[ts.size()];
        int[] treeGroup = new int[ts.size()];
        for (int t = 0; t < trees.length; t++) {
          JsonNode n = ts.get(t);
          if (n.path("categories_nodes").size() > 0 || n.path("tree_param").path("size_leaf_vector").asInt(1) > 1) {
            return Optional.empty();
          }
          JsonNode dl = n.path("default_left");
          boolean[] defaultLeft = new boolean[dl.size()];
          for (int i = 0; i < defaultLeft.length; i++) {
            defaultLeft[i] = dl.get(i).asInt() != 0;
          }
          trees[t] = new Tree(ints(n.path("left_children")), ints(n.path("right_children")),
              ints(n.path("split_indices")), floats(n.path("split_conditions")), defaultLeft);
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

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
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
