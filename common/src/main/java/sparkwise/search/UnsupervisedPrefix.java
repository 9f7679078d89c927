package sparkwise.search;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.data.Interpreted;
import sparkwise.data.OncePerKey;
import sparkwise.data.StagewiseFit;

/**
 * The search rows transformed by a plan's unsupervised prefix (the stages before the first
 * estimator that reads the label), fitted once on all search rows for every fold. The stages the
 * variants' prefixes have in common (cleaning, imputation, indexing) are fitted once for all of
 * them, and each variant's own unsupervised stages (one-hot encoding, scaling) once on top. On a
 * small table the folds' and variants' separate fits of the same stages were most of the search's
 * preparation. Fitted on all search rows, they see the validation folds' feature values, never
 * their labels.
 */
final class UnsupervisedPrefix implements AutoCloseable {
  private final Dataset<Row> searchRows;
  /** How many leading stages every variant's unsupervised prefix shares. */
  private final int common;
  private final OncePerKey<String, Dataset<Row>> transformed = new OncePerKey<>();
  /** The fitted stages behind {@link #transformed}, by the signature of the prefix they end. */
  private final java.util.Map<String, PipelineModel> fitted = new java.util.concurrent.ConcurrentHashMap<>();
  /** Wall seconds each part of {@link #fitted} took to fit, by the same signature. */
  private final java.util.Map<String, Double> fitSeconds = new java.util.concurrent.ConcurrentHashMap<>();

  UnsupervisedPrefix(Dataset<Row> searchRows, Collection<List<PipelineStage>> plans) {
    this.searchRows = searchRows;
    this.common = commonLength(plans);
  }

  /** How many of {@code stages} come before the first estimator that has a label column (whose fit reads labels). */
  static int length(List<PipelineStage> stages) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i) instanceof Estimator<?> && stages.get(i).hasParam("labelCol")) {
        return i;
      }
    }
    return stages.size();
  }

  /** The longest run of leading stages, within every plan's unsupervised prefix, that all plans share. */
  static int commonLength(Collection<List<PipelineStage>> plans) {
    int n = plans.stream().mapToInt(UnsupervisedPrefix::length).min().orElse(0);
    for (int i = 0; i < n; i++) {
      final int at = i;
      if (plans.stream().map(p -> signature(p.get(at))).distinct().count() > 1) {
        return i;
      }
    }
    return n;
  }

  /**
   * The search rows through {@code prefix} (a plan's unsupervised prefix), fitted on first use:
   * whichever thread asks first fits, the others wait for it.
   */
  Dataset<Row> transformed(List<PipelineStage> prefix) {
    int shared = Math.min(common, prefix.size());
    List<PipelineStage> head = prefix.subList(0, shared);
    Dataset<Row> base = shared == 0 ? searchRows : once(head, () -> fitTransform(head, head, searchRows));
    if (shared == prefix.size()) {
      return base;
    }
    return once(prefix, () -> fitTransform(prefix, prefix.subList(shared, prefix.size()), base));
  }

  /**
   * {@code prefix} as {@link #transformed} fitted it on the search rows, when it did: a refit on
   * the same rows applies these instead of fitting the same stages again.
   */
  java.util.Optional<List<Transformer>> fitted(List<PipelineStage> prefix) {
    List<Transformer> out = new java.util.ArrayList<>();
    for (List<PipelineStage> part : parts(prefix)) {
      PipelineModel m = fitted.get(signature(part));
      if (m == null) {
        return java.util.Optional.empty();
      }
      out.addAll(List.of(m.stages()));
    }
    return java.util.Optional.of(out);
  }

  /**
   * Seconds fitting {@code prefix} on the search rows took, its shared part included (0 when it
   * was not fitted): a fit of the same stages on more rows scales from it.
   */
  double fitSeconds(List<PipelineStage> prefix) {
    return parts(prefix).stream().mapToDouble(part -> fitSeconds.getOrDefault(signature(part), 0.0)).sum();
  }

  /**
   * The non-empty parts {@link #transformed} fits {@code prefix} in, each keyed by its signature:
   * the part all plans share, then the whole prefix (the shared part applied, the rest fitted).
   */
  private List<List<PipelineStage>> parts(List<PipelineStage> prefix) {
    int shared = Math.min(common, prefix.size());
    return (shared == prefix.size() ? List.of(prefix) : List.of(prefix.subList(0, shared), prefix)).stream()
        .filter(part -> !part.isEmpty()).toList();
  }

  /**
   * {@code stages} (the end of {@code prefix}) fitted on {@code rows} and applied to them,
   * materialised on a small table (read once per fold).
   */
  private Dataset<Row> fitTransform(List<PipelineStage> prefix, List<PipelineStage> stages, Dataset<Row> rows) {
    long t0 = System.nanoTime();
    PipelineModel model = StagewiseFit.fit(stages, rows);
    fitSeconds.put(signature(prefix), (System.nanoTime() - t0) / 1e9);
    fitted.put(signature(prefix), model);
    Dataset<Row> out = model.transform(rows);
    return Interpreted.isOn(rows.sparkSession()) ? out.localCheckpoint(true) : out;
  }

  private Dataset<Row> once(List<PipelineStage> stages, Supplier<Dataset<Row>> compute) {
    return transformed.get(signature(stages), compute);
  }

  /** The stages' classes and set parameters (not their uids): equal for the same stages of two variants. */
  static String signature(List<PipelineStage> stages) {
    StringBuilder b = new StringBuilder();
    stages.forEach(s -> b.append(signature(s)));
    return b.toString();
  }

  private static String signature(PipelineStage s) {
    StringBuilder b = new StringBuilder(s.getClass().getName()).append('{');
    // Set parameters only: some defaults (an unused outputCol) carry the stage's uid.
    java.util.Arrays.stream(s.params()).filter(s::isSet)
        .sorted(java.util.Comparator.comparing(Param::name))
        .forEach(p -> {
          @SuppressWarnings("unchecked")
          Param<Object> param = (Param<Object>) p;
          b.append(param.name()).append('=').append(param.jsonEncode(s.getOrDefault(param))).append(';');
        });
    return b.append('}').toString();
  }

  @Override
  public void close() {
    transformed.drain().forEach(Dataset::unpersist);
  }
}
