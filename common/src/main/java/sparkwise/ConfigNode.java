package sparkwise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A typed, path-aware view of one mapping of the YAML config. Every getter validates and names
 * the full field path on error; {@link #finish()} rejects keys nobody asked for.
 */
final class ConfigNode {
  private final String path;
  private final JsonNode node;
  private final Set<String> known = new LinkedHashSet<>();

  ConfigNode(String path, JsonNode node) {
    this.path = path;
    this.node = node;
    if (node != null && !node.isNull() && !node.isObject()) {
      throw Errors.wrongType(path.isEmpty() ? "(config)" : path, "a mapping of keys to values", node);
    }
  }

  private String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonNode get(String key) {
    known.add(key);
    JsonNode v = node == null ? null : node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  ConfigNode child(String key) {
    return new ConfigNode(field(key), get(key));
  }

  String string(String key, String dflt) {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isValueNode()) {
      throw Errors.wrongType(field(key), "a text value", v);
    }
    return v.asText();
  }

  String oneOf(String key, String dflt, String... allowed) {
    String v = string(key, dflt);
    if (v != null && !Arrays.asList(allowed).contains(v)) {
      throw Errors.notOneOf(field(key), v, Arrays.asList(allowed));
    }
    return v;
  }

  long integer(String key, long dflt, long min, long max) {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber()) {
      throw Errors.wrongType(field(key), "a whole number", v.asText());
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw Errors.outOfRange(field(key), n, "between " + min + " and " + max);
    }
    return n;
  }

  double number(String key, double dflt, double minExclusive, double maxExclusive) {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw Errors.wrongType(field(key), "a number", v.asText());
    }
    double d = v.asDouble();
    if (!(d > minExclusive && d < maxExclusive)) {
      throw Errors.outOfRange(field(key), d, "strictly between " + minExclusive + " and " + maxExclusive);
    }
    return d;
  }

  boolean bool(String key, boolean dflt) {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw Errors.wrongType(field(key), "true or false", v.asText());
    }
    return v.asBoolean();
  }

  List<String> strings(String key) {
    JsonNode v = get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v.isValueNode()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      throw Errors.wrongType(field(key), "a list of names", v);
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isValueNode()) {
        throw Errors.wrongType(field(key) + "[" + i + "]", "a name", v.get(i));
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  /** Fails on the first key that no getter asked for, with a did-you-mean. */
  void finish() {
    if (node == null || !node.isObject()) {
      return;
    }
    Iterator<String> names = ((ObjectNode) node).fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw Errors.unknownField(field(name), known);
      }
    }
  }
}
