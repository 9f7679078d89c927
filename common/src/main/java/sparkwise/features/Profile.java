package sparkwise.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The profile of a table: its row count, one {@link ColumnProfile} per column and, when a label
 * was given, the covariance of the numeric columns and the label (for the leak checks).
 */
public record Profile(long rows, List<ColumnProfile> columns, Covariance covariance) {

  /** Sample covariances of {@code names}; the label, when present, is the last name. */
  public record Covariance(List<String> names, double[][] matrix) {
    public static Covariance none() {
      return new Covariance(List.of(), new double[0][0]);
    }
  }

  public Profile(long rows, List<ColumnProfile> columns) {
    this(rows, columns, Covariance.none());
  }

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
      if (c.quantiles().length > 0) {
        ObjectNode q = n.putObject("quantiles");
        for (int i = 0; i < c.quantiles().length; i++) {
          q.put(String.valueOf(Profiler.QUANTILES[i]), c.quantiles()[i]);
        }
      }
      if (!c.topCategories().isEmpty()) {
        ArrayNode top = n.putArray("top_categories");
        c.topCategories().forEach(t -> top.addObject().put("value", t.value()).put("count", t.count()));
      }
    }
    return root;
  }

  private static void putFinite(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    }
  }
}
