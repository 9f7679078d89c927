package sparkwise.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** The profile of a table: its row count and one {@link ColumnProfile} per column. */
public record Profile(long rows, List<ColumnProfile> columns) {

  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public ObjectNode toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("rows", rows);
    ArrayNode cols = root.putArray("columns");
    for (ColumnProfile c : columns) {
      ObjectNode n = cols.addObject();
      n.put("name", c.name());
      n.put("spark_type", c.sparkType());
      n.put("kind", c.kind().id());
      n.put("non_null", c.nonNull());
      n.put("null_fraction", c.nullFraction(rows));
      n.put("distinct", c.distinct());
      putFinite(n, "min", c.min());
      putFinite(n, "max", c.max());
      putFinite(n, "mean", c.mean());
      putFinite(n, "std", c.std());
      putFinite(n, "avg_tokens", c.avgTokens());
      putFinite(n, "label_correlation", c.labelCorrelation());
    }
    return root;
  }

  private static void putFinite(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    }
  }
}
