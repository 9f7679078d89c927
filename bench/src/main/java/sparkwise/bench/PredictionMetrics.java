package sparkwise.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkwise.Task;
import sparkwise.evaluation.HoldoutEvaluation;

/**
 * Another system's test predictions (CSV: {@code label} as class index or value,
 * {@code prediction}, and {@code p0..pk} class probabilities) scored with Sparkwise's metric
 * code, so every system in the quality benchmark is measured by the same evaluators.
 * <p>Usage: PredictionMetrics TASK PREDICTIONS.csv OUT.json [TASK PREDICTIONS.csv OUT.json ...]
 */
public final class PredictionMetrics {
  public static void main(String[] args) throws Exception {
    SparkSession spark = BenchSpark.session("bench-metrics", 2);
    for (int i = 0; i + 2 < args.length; i += 3) {
      Task task = Task.fromId(args[i]);
      Dataset<Row> p = spark.read().option("header", "true").option("inferSchema", "true").csv(args[i + 1]);
      p = p.withColumn("label", col("label").cast("double")).withColumn("prediction", col("prediction").cast("double"));
      if (task.isClassification()) {
        String[] probs = Arrays.stream(p.columns()).filter(c -> c.matches("p[0-9]+")).toArray(String[]::new);
        p = new VectorAssembler().setInputCols(probs).setOutputCol("probability").transform(p)
            .withColumn("rawPrediction", col("probability"));
      }
      Map<String, Double> m = HoldoutEvaluation.evaluate(p, "label", task);
      StringBuilder json = new StringBuilder("{");
      m.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "\"%s\": %.6f", k, v)));
      Files.writeString(Path.of(args[i + 2]), json.append("}\n").toString());
    }
    spark.stop();
  }

  private PredictionMetrics() {}
}
