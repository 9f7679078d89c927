package sparkwise.models;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a booster's trees and parameters for {@link JvmBooster}: its UBJSON bytes directly
 * ({@link UbjReader}), or, for bytes in another of XGBoost's formats, through XGBoost (load, write
 * as JSON text, parse the text).
 */
final class BoosterReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BoosterReader() {}

  /** The booster in {@code bytes}, or empty when it is outside what {@link JvmBooster} covers. */
  static Optional<JvmBooster> read(byte[] bytes) {
    try {
      return fromUbj(UbjReader.read(bytes));
    } catch (IOException | RuntimeException notUbj) {
      try {
        ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.loadModel(new ByteArrayInputStream(bytes));
        byte[] json;
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
  }

  /**
   * The model as {@link UbjReader} read it: the trees from their typed arrays, the rest (parameters,
   * objective, tree_info, gblinear's weights) as a JSON tree, as {@link #fromJson} gives them.
   */
  @SuppressWarnings("unchecked")
  static Optional<JvmBooster> fromUbj(Object root) throws IOException {
    if (!(root instanceof Map<?, ?> top) || !(top.get("learner") instanceof Map<?, ?> learner)) {
      throw new IOException("no learner in the model");
    }
    List<JvmBooster.Tree> trees = new ArrayList<>();
    boolean[] unsupported = new boolean[1];
    if (learner.get("gradient_booster") instanceof Map<?, ?> gb && gb.get("model") instanceof Map<?, ?> model
        && model.get("trees") instanceof List<?> list) {
      for (Object t : list) {
        trees.add(tree((Map<String, Object>) t, unsupported));
      }
      ((Map<String, Object>) model).put("trees", List.of());
    }
    return unsupported[0] ? Optional.empty() : JvmBooster.fromLearner(JSON.valueToTree(learner), trees);
  }

  /** One tree's object as UBJSON maps it; marks categorical or vector-leaf trees unsupported. */
  private static JvmBooster.Tree tree(Map<String, Object> t, boolean[] unsupported) {
    int[] categorical = intsOf(t.get("categories_nodes"));
    Object param = t.get("tree_param");
    Object leafVector = param instanceof Map<?, ?> p ? p.get("size_leaf_vector") : null;
    if ((categorical != null && categorical.length > 0)
        || (leafVector != null && Integer.parseInt(String.valueOf(leafVector).trim()) > 1)) {
      unsupported[0] = true;
    }
    int[] left = intsOf(t.get("left_children"));
    int[] right = intsOf(t.get("right_children"));
    int[] feature = intsOf(t.get("split_indices"));
    float[] value = t.get("split_conditions") instanceof float[] f ? f : null;
    float[] gain = t.get("loss_changes") instanceof float[] f ? f : null;
    int[] d = intsOf(t.get("default_left"));
    boolean[] defaultLeft = null;
    if (d != null) {
      defaultLeft = new boolean[d.length];
      for (int i = 0; i < d.length; i++) {
        defaultLeft[i] = d[i] != 0;
      }
    }
    if (left == null || right == null || feature == null || value == null || defaultLeft == null) {
      unsupported[0] = true;
    }
    return new JvmBooster.Tree(left, right, feature, value, defaultLeft, gain);
  }

  /** A typed integer array, or a list of numbers or booleans, as ints; null for anything else. */
  private static int[] intsOf(Object v) {
    if (v instanceof int[] a) {
      return a;
    }
    if (v instanceof List<?> l) {
      int[] out = new int[l.size()];
      for (int i = 0; i < out.length; i++) {
        Object e = l.get(i);
        out[i] = e instanceof Boolean b ? (b ? 1 : 0) : e instanceof Number n ? n.intValue() : 0;
      }
      return out;
    }
    return null;
  }

  /**
   * XGBoost's JSON model read in one pass: each tree's five arrays that scoring needs go straight
   * into Java arrays, the rest (parameters, objective, tree_info, gblinear's weights) into a JSON
   * tree. Jackson's tree of a whole forest (ten arrays per tree; a 300-tree model is 13 MB of
   * JSON) took 0.4–0.6 s to build, most of the time it took to load such a model.
   */
  static Optional<JvmBooster> fromJson(byte[] json) throws IOException {
    List<JvmBooster.Tree> trees = new ArrayList<>();
    boolean[] unsupported = new boolean[1];
    JsonNode root;
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      p.nextToken();
      root = read(p, trees, unsupported);
    }
    return unsupported[0] ? Optional.empty() : JvmBooster.fromLearner(root.path("learner"), trees);
  }

  /** The value at the parser's current token, an array named "trees" read into {@code trees} instead. */
  private static JsonNode read(JsonParser p, List<JvmBooster.Tree> trees, boolean[] unsupported) throws IOException {
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
  private static JvmBooster.Tree tree(JsonParser p, boolean[] unsupported) throws IOException {
    int[] left = null;
    int[] right = null;
    int[] feature = null;
    float[] value = null;
    boolean[] defaultLeft = null;
    float[] gain = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "left_children" -> left = ints(p);
        case "right_children" -> right = ints(p);
        case "split_indices" -> feature = ints(p);
        case "split_conditions" -> value = floats(p);
        case "loss_changes" -> gain = floats(p);
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
    return new JvmBooster.Tree(left, right, feature, value, defaultLeft, gain);
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
}
