package sparkwise.monitoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.features.Cleaning;
import sparkwise.features.ColumnKind;
import sparkwise.features.ColumnProfile;
import sparkwise.features.Profile;
import sparkwise.features.SchemaGuard;

/**
 * Counts feature distributions over a table the model's {@link SchemaGuard} has cleaned: one
 * pass for bins and nulls ({@link BinCounts}), one grouped count for categories (bounded by the kept
 * categories, so only small aggregates reach the driver).
 */
public final class Histograms {
  /** Categorical columns with at most this many training values keep them all (a closed set). */
  static final int MAX_CATEGORIES = 200;
  private static final String OTHER_TOKEN = "\u0000other";
  private static final String NEW_TOKEN = "\u0000new";

  private Histograms() {}

  /** The training baseline: bins from the profile's quantiles, categories from the data. */
  public static Baseline baseline(Dataset<Row> guarded, SchemaGuard guard, Profile profile) {
    String[] in = guard.getInputCols();
    String[] out = guard.getOutputCols();
    String[] kinds = guard.getKinds();
    List<FeatureHistogram> spec = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      ColumnKind kind = ColumnKind.valueOf(kinds[i].toUpperCase(java.util.Locale.ROOT));
      ColumnProfile p = profile.column(in[i]).orElse(null);
      if (p != null && isNumeric(kind) && p.quantiles().length > 2) {
        spec.add(new FeatureHistogram(in[i], out[i], FeatureHistogram.NUMERIC, edges(p.quantiles()), List.of(),
            false, new long[0], 0, 0));
      } else if (p != null && kind == ColumnKind.CATEGORICAL) {
        boolean closed = p.distinct() <= MAX_CATEGORIES;
        List<String> top = closed ? List.of() : p.topCategories().stream().map(ColumnProfile.Category::value).toList();
        spec.add(new FeatureHistogram(in[i], out[i], FeatureHistogram.CATEGORICAL, new double[0], top, closed,
            new long[0], 0, 0));
      } else {
        spec.add(new FeatureHistogram(in[i], out[i], kind.id(), new double[0], List.of(), false, new long[0], 0, 0));
      }
    }
    return tally(guarded, spec, true);
  }

  /** The same bins and categories as {@code training}, counted over {@code guarded}. */
  public static Baseline measure(Dataset<Row> guarded, Baseline training) {
    return tally(guarded, training.features(), false);
  }

  private static Baseline tally(Dataset<Row> guarded, List<FeatureHistogram> spec, boolean learnCategories) {
    BinCounts counted = BinCounts.of(guarded, spec);
    long rows = counted.rows();
    Map<Integer, Map<String, Long>> categoryCounts = categoryCounts(guarded, spec, learnCategories);
    List<FeatureHistogram> result = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      FeatureHistogram h = spec.get(i);
      long nulls = counted.nulls(i);
      if (h.kind().equals(FeatureHistogram.NUMERIC)) {
        result.add(h.withCounts(counted.bins(i), nulls, rows));
      } else if (h.kind().equals(FeatureHistogram.CATEGORICAL)) {
        result.add(categorical(h, categoryCounts.getOrDefault(i, Map.of()), nulls, rows, learnCategories));
      } else {
        result.add(h.withCounts(new long[0], nulls, rows));
      }
    }
    return new Baseline(rows, List.copyOf(result));
  }

  private static FeatureHistogram categorical(FeatureHistogram h, Map<String, Long> counts, long nulls, long rows,
      boolean learn) {
    List<String> categories = h.categories();
    boolean closed = h.closed();
    if (learn && closed) {
      // All training values (most frequent first); too many after all means an open set.
      List<String> byCount = counts.keySet().stream().filter(v -> !v.equals(OTHER_TOKEN))
          .sorted(Comparator.<String>comparingLong(counts::get).reversed().thenComparing(Comparator.naturalOrder()))
          .toList();
      closed = byCount.size() <= MAX_CATEGORIES;
      categories = byCount.subList(0, Math.min(byCount.size(), MAX_CATEGORIES));
    }
    long[] bins = new long[categories.size() + 2];
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < categories.size(); k++) {
      index.put(categories.get(k), k);
    }
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      Integer k = index.get(e.getKey());
      if (k != null) {
        bins[k] += e.getValue();
      } else if (e.getKey().equals(NEW_TOKEN)) {
        bins[categories.size() + 1] += e.getValue();
      } else {
        bins[categories.size()] += e.getValue();
      }
    }
    return new FeatureHistogram(h.feature(), h.internal(), h.kind(), h.edges(), List.copyOf(categories), closed,
        bins, nulls, rows);
  }

  /** Per categorical feature, value → count, values mapped into the kept categories first. */
  private static Map<Integer, Map<String, Long>> categoryCounts(Dataset<Row> guarded, List<FeatureHistogram> spec,
      boolean learn) {
    List<Column> pairs = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      FeatureHistogram h = spec.get(i);
      if (!h.kind().equals(FeatureHistogram.CATEGORICAL)) {
        continue;
      }
      Column v = Cleaning.ref(h.internal());
      Column mapped;
      if (learn && h.closed()) {
        mapped = v;
      } else {
        Column known = h.categories().isEmpty() ? lit(false) : v.isin(h.categories().toArray());
        mapped = when(known, v).otherwise(lit(!learn && h.closed() ? NEW_TOKEN : OTHER_TOKEN));
      }
      pairs.add(struct(lit(i).as("i"), when(v.isNotNull(), mapped).as("v")));
    }
    Map<Integer, Map<String, Long>> out = new HashMap<>();
    if (pairs.isEmpty()) {
      return out;
    }
    List<Row> rows = guarded.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
        .filter("p.v IS NOT NULL").groupBy("p.i", "p.v").count().collectAsList();
    for (Row r : rows) {
      out.computeIfAbsent(r.getInt(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
    }
    return out;
  }

  /** Interior training quantiles (1st to 99th percentile), deduplicated. */
  static double[] edges(double[] quantiles) {
    TreeSet<Double> s = new TreeSet<>();
    for (int i = 1; i < quantiles.length - 1; i++) {
      if (Double.isFinite(quantiles[i])) {
        s.add(quantiles[i]);
      }
    }
    return s.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static boolean isNumeric(ColumnKind k) {
    return k == ColumnKind.NUMERIC || k == ColumnKind.NUMERIC_STRING || k == ColumnKind.BOOLEAN;
  }
}
