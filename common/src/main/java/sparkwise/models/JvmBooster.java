package sparkwise.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
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
  /** Each feature's total gain: the loss reductions of every split on it (XGBoost's "total_gain"). */
  private final double[] totalGain;

  /**
   * Trees walked side by side for one row: each step of a deep tree is a load from memory that
   * the next step waits for, and walks of different trees are independent, so the processor
   * overlaps them. The wine_quality model of four forests of depth 13-16 and an XGBoost, seven
   * classes (7,800 trees): 1,300 rows in 2.8 s one tree at a time, 1.4 s eight at a time.
   */
  private static final int WALKS = 8;

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
    this.totalGain = new double[widest];
    for (Tree t : trees) {
      for (int n = 0; t.gain() != null && n < t.left().length; n++) {
        if (t.left()[n] >= 0) {
          totalGain[t.feature()[n]] += t.gain()[n];
        }
      }
    }
    this.nodes = new int[4 * total];
    this.roots = new int[trees.size()];
    int next = 0;
    for (int t = 0; t < trees.size(); t++) {
      roots[t] = 4 * next;
      next = trees.get(t).flatten(nodes, next);
    }
  }

  /** One regression tree in XGBoost's arrays; a leaf's value is its split condition. */
  record Tree(int[] left, int[] right, int[] feature, float[] value, boolean[] defaultLeft, float[] gain) {
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
    return BoosterReader.read(booster);
  }

  /** The model from its learner ({@code trees} read apart); empty when outside what this class covers. */
  static Optional<JvmBooster> fromLearner(JsonNode learner, List<Tree> trees) {
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

  /** The total gain of features 0 to {@code numFeatures - 1} (0: never split on); empty for gblinear, which has no splits. */
  Optional<double[]> totalGain(int numFeatures) {
    return linear != null ? Optional.empty() : Optional.of(java.util.Arrays.copyOf(totalGain, numFeatures));
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
    int[] at = new int[WALKS];
    for (int first = 0; first < roots.length; first += WALKS) {
      int k = Math.min(WALKS, roots.length - first);
      System.arraycopy(roots, first, at, 0, k);
      for (boolean moving = true; moving; ) {
        moving = false;
        for (int i = 0; i < k; i++) {
          int n = at[i];
          int left = nodes[n];
          if (left >= 0) {
            float value = x[nodes[n + 1]];
            float split = Float.intBitsToFloat(nodes[n + 2]);
            // a missing value (NaN) is neither below the split nor at or above it
            at[i] = value < split ? left : value >= split ? left + 4 : nodes[n + 3];
            moving = true;
          }
        }
      }
      for (int i = 0; i < k; i++) { // in tree order: the float sums are XGBoost's
        m[treeGroup[first + i]] += Float.intBitsToFloat(nodes[at[i] + 2]);
      }
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
