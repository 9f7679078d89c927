package sparkwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.data.DemoData;
import sparkwise.models.SavedModel;

/**
 * One size of the scale benchmark, in its own JVM: the demo generator's table of ROWS rows
 * written to Parquet first (not timed), then {@code train} with one fixed search (grid: the first
 * XGBoost and the first logistic-regression point, train/validation split, no ensemble) timed,
 * peak memory sampled while it runs, and scoring a second generated table of the same size with
 * Sparkwise's {@code score} path against plain {@code PipelineModel.transform} of the same saved
 * model selecting the same columns (both written to Parquet, median of the repetitions). Appends one CSV row.
 * <p>Usage: ScaleBench ROWS OUT.csv WORKDIR
 */
public final class ScaleBench {
  private static final long SEED = 7;

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    Path out = Path.of(args[1]);
    Path work = Path.of(args[2]);
    SparkSession spark = BenchSpark.session("bench-scale", 8);
    String train = work.resolve("train-" + rows).toString();
    String score = work.resolve("score-" + rows).toString();
    DemoData.generate(spark, rows, SEED).write().mode("overwrite").parquet(train);
    DemoData.generate(spark, rows, SEED + 1).drop(DemoData.LABEL).write().mode("overwrite").parquet(score);

    TrainConfig cfg = ConfigLoader.fromYaml("bench-scale", String.join("\n",
        "label: " + DemoData.LABEL, "seed: " + SEED, "budget: 6h",
        "split:", "  mode: train_validation",
        "search:", "  strategy: grid", "  max_trials: 2",
        "models:", "  include: [xgboost, logistic_regression]",
        "ensemble:", "  enabled: false"), ConfigOverrides.none());
    PeakMemory memory = PeakMemory.start(spark);
    long t0 = System.nanoTime();
    TrainResult r = Sparkwise.train(spark, spark.read().parquet(train), cfg,
        TrainOptions.of(work.resolve("warehouse-" + rows).toString()));
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    PeakMemory.Peaks peaks = memory.stop();
    JsonNode s = r.summary();
    System.err.printf(Locale.ROOT, "train %,d rows: %.0f s, %s, holdout roc_auc %.4f, heap after GC %.2f GiB, rss %.2f GiB%n",
        rows, trainSeconds, s.get("best_model").asText(), s.get("holdout").get("roc_auc").asDouble(),
        peaks.liveHeapGiB(), peaks.rssGiB());

    Dataset<Row> input = spark.read().parquet(score);
    int reps = rows >= 10_000_000 ? 1 : 3;
    List<Double> ours = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    SavedModel model = SavedModel.load(r.modelPath());
    PipelineModel pipeline = PipelineModel.load(r.modelPath());
    // The same columns as score writes: the input's, the prediction and the class probabilities.
    org.apache.spark.sql.Column[] plainColumns = java.util.stream.Stream.concat(
        java.util.Arrays.stream(input.columns()), java.util.stream.Stream.of("prediction", "probability"))
        .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
    for (int i = 0; i < reps; i++) { // alternate, so neither side always runs on a warmer JVM
      ours.add(timed(() -> model.score(input).write().mode("overwrite").parquet(work.resolve("scored-ours").toString())));
      plain.add(timed(() -> pipeline.transform(input).select(plainColumns).write().mode("overwrite").parquet(work.resolve("scored-plain").toString())));
    }
    double oursS = median(ours);
    double plainS = median(plain);
    System.err.printf(Locale.ROOT, "score %,d rows: sparkwise %.1f s (%.0f rows/s), PipelineModel.transform %.1f s (%.0f rows/s)%n",
        rows, oursS, rows / oursS, plainS, rows / plainS);

    boolean header = !Files.exists(out);
    String line = String.join(",", String.valueOf(rows), fmt(trainSeconds), s.get("best_model").asText(),
        fmt(s.get("holdout").get("roc_auc").asDouble()), String.valueOf(s.get("trials").asInt()),
        fmt(peaks.liveHeapGiB()), fmt(peaks.heapUsedGiB()), fmt(peaks.rssGiB()), fmt(peaks.taskExecutionGiB()),
        String.valueOf(Runtime.getRuntime().maxMemory() >> 20), fmt(oursS), fmt(plainS),
        fmt(rows / oursS), fmt(rows / plainS), String.valueOf(reps),
        java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), System.getProperty("sparkwise.bench.commit", "unknown"),
        csvQuoted(s.path("phase_seconds").toString()), fmt(fitSeconds(s)));
    Files.writeString(out, (header ? "rows,train_seconds,model,holdout_roc_auc,trials,peak_live_heap_gib,"
        + "peak_heap_used_gib,peak_rss_gib,peak_task_execution_gib,max_heap_mib,score_seconds,transform_seconds,"
        + "score_rows_per_s,transform_rows_per_s,score_reps,date,commit,phase_seconds,trial_fit_seconds\n" : "") + line + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    spark.stop();
  }

  /** The trials' own fit seconds (summed: at parallelism 2 they can overlap in wall time). */
  private static double fitSeconds(JsonNode summary) {
    double sum = 0;
    for (JsonNode e : summary.path("leaderboard")) {
      sum += e.path("fit_seconds").asDouble(0);
    }
    return sum;
  }

  private static String csvQuoted(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static double timed(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return (System.nanoTime() - t) / 1e9;
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    return s.get(s.size() / 2);
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  private ScaleBench() {}
}
