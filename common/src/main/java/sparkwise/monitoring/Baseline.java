package sparkwise.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The training distribution of every model input, saved with the model
 * ({@value #FILE}) so {@code monitor} compares new data against exactly what the model saw.
 */
public record Baseline(long rows, List<FeatureHistogram> features) {
  public static final String FILE = "sparkwise-baseline.json";

  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("rows", rows);
    ArrayNode fs = root.putArray("features");
    for (FeatureHistogram h : features) {
      ObjectNode n = fs.addObject();
      n.put("feature", h.feature());
      n.put("internal", h.internal());
      n.put("kind", h.kind());
      ArrayNode e = n.putArray("edges");
      for (double d : h.edges()) {
        e.add(d);
      }
      h.categories().forEach(n.putArray("categories")::add);
      n.put("closed", h.closed());
      ArrayNode c = n.putArray("counts");
      for (long l : h.counts()) {
        c.add(l);
      }
      n.put("nulls", h.nulls());
      n.put("rows", h.rows());
    }
    return root.toPrettyString();
  }

  public static Baseline fromJson(String source, String json) {
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      List<FeatureHistogram> out = new ArrayList<>();
      for (JsonNode n : root.get("features")) {
        double[] edges = new double[n.get("edges").size()];
        for (int i = 0; i < edges.length; i++) {
          edges[i] = n.get("edges").get(i).asDouble();
        }
        List<String> cats = new ArrayList<>();
        n.get("categories").forEach(c -> cats.add(c.asText()));
        long[] counts = new long[n.get("counts").size()];
        for (int i = 0; i < counts.length; i++) {
          counts[i] = n.get("counts").get(i).asLong();
        }
        out.add(new FeatureHistogram(n.get("feature").asText(), n.get("internal").asText(), n.get("kind").asText(),
            edges, List.copyOf(cats), n.get("closed").asBoolean(), counts, n.get("nulls").asLong(),
            n.get("rows").asLong()));
      }
      return new Baseline(root.get("rows").asLong(), List.copyOf(out));
    } catch (IOException | RuntimeException e) {
      throw sparkwise.Errors.data(source, "is not a valid drift baseline (" + sparkwise.Errors.firstLine(e) + ")");
    }
  }
}
