package sparkwise.features;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * A label's value counts in one Spark job: each partition counts its non-null values until more than
 * {@code limit} distinct ones are seen, after which only the totals (rows, nulls) are kept, and the
 * partitions' counts are merged by {@code treeAggregate}. A grouped count with a row limit took four
 * jobs (adaptive execution's query stages), ~1-2 s on a small table's cold JVM.
 */
final class LabelCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int limit;
  /** Null once there are more than {@code limit} distinct values: memory stays bounded. */
  private HashMap<String, Long> counts = new HashMap<>();
  private long total;
  private long nulls;
  /** Whether every non-null value seen reads as a finite number (checked once per distinct value while counted). */
  private boolean numbers = true;

  private LabelCounts(int limit) {
    this.limit = limit;
  }

  /** The counts of {@code values} (a one-column text table), up to {@code limit} distinct values. */
  static LabelCounts of(Dataset<Row> values, int limit) {
    return values.as(Encoders.STRING()).javaRDD()
        .treeAggregate(new LabelCounts(limit), LabelCounts::add, LabelCounts::merge);
  }

  private LabelCounts add(String v) {
    total++;
    if (v == null) {
      nulls++;
    } else if (counts == null) {
      numbers = numbers && number(v);
    } else if (counts.merge(v, 1L, Long::sum) == 1L) {
      numbers = numbers && number(v);
      if (counts.size() > limit) {
        counts = null;
      }
    }
    return this;
  }

  private LabelCounts merge(LabelCounts o) {
    total += o.total;
    nulls += o.nulls;
    numbers = numbers && o.numbers;
    if (counts != null && o.counts != null) {
      o.counts.forEach((v, n) -> counts.merge(v, n, Long::sum));
    }
    if (o.counts == null || (counts != null && counts.size() > limit)) {
      counts = null;
    }
    return this;
  }

  /** Whether more than {@code limit} distinct non-null values were seen. */
  boolean many() {
    return counts == null;
  }

  /** Each non-null value's count; empty when {@link #many()}. */
  Map<String, Long> values() {
    return counts == null ? Map.of() : counts;
  }

  /** Whether every non-null value reads as a finite number. */
  boolean numbers() {
    return numbers;
  }

  static boolean number(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  long total() {
    return total;
  }

  long nulls() {
    return nulls;
  }
}
