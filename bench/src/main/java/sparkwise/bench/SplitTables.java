package sparkwise.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The quality benchmark's fixed 80/20 split: every table read as text (values written back
 * exactly as they were), rows without a label left out, rows ordered by a seeded hash of their
 * position in the file, and every fifth row of that order (within each class for
 * classification: stratified, and a class with fewer than five rows stays in train) goes to
 * test. Same file and seed, same split, on any machine. Writes DIR/NAME/train.csv and test.csv
 * (one file each, header row), skipping tables already split.
 * <p>Usage: SplitTables DIR SEED FILE:LABEL:TASK[:DROP,DROP] ...
 */
public final class SplitTables {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    SparkSession spark = BenchSpark.session("bench-split", 4);
    for (String spec : Arrays.copyOfRange(args, 2, args.length)) {
      String[] p = spec.split(":");
      Path file = Path.of(p[0]);
      Path out = dir.resolve(name(file));
      if (Files.exists(out.resolve("test.csv"))) {
        continue;
      }
      List<String> drop = p.length > 3 ? List.of(p[3].split(",")) : List.of();
      split(spark, file, p[1], !p[2].equals("regression"), drop, seed, out);
      System.err.printf("split %s into %s%n", file.getFileName(), out);
    }
    spark.stop();
  }

  /** The table's name without its extensions: adult.csv.gz → adult. */
  static String name(Path file) {
    return file.getFileName().toString().replaceAll("\\.csv(\\.gz)?$", "");
  }

  static void split(SparkSession spark, Path file, String label, boolean stratified, List<String> drop, long seed, Path out)
      throws IOException {
    Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "false").csv(file.toString());
    Dataset<Row> rows = raw.drop(drop.toArray(String[]::new)).filter(col(label).isNotNull())
        .withColumn("__pos", monotonically_increasing_id());
    rows = rows.withColumn("__key", xxhash64(col("__pos"), lit(seed)));
    WindowSpec order = stratified ? Window.partitionBy(col(label)).orderBy("__key", "__pos") : Window.orderBy("__key", "__pos");
    Dataset<Row> ranked = rows.withColumn("__rank", row_number().over(order)).cache();
    String[] cols = Arrays.stream(raw.columns()).filter(c -> !drop.contains(c)).toArray(String[]::new);
    writeOne(ranked.filter(col("__rank").mod(5).notEqual(0)).orderBy("__pos").selectExpr(quoted(cols)), out.resolve("train.csv"));
    writeOne(ranked.filter(col("__rank").mod(5).equalTo(0)).orderBy("__pos").selectExpr(quoted(cols)), out.resolve("test.csv"));
    ranked.unpersist();
  }

  private static String[] quoted(String[] cols) {
    return Arrays.stream(cols).map(c -> "`" + c.replace("`", "``") + "`").toArray(String[]::new);
  }

  /** One CSV file with a header (Spark writes a folder of parts: write one part and move it). */
  private static void writeOne(Dataset<Row> df, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".parts");
    df.coalesce(1).write().mode("overwrite").option("header", "true").csv(tmp.toString());
    try (Stream<Path> parts = Files.list(tmp)) {
      Path part = parts.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
      Files.createDirectories(target.getParent());
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
    try (Stream<Path> left = Files.walk(tmp)) {
      left.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private SplitTables() {}
}
