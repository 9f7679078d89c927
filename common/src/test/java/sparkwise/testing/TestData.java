package sparkwise.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.data.DemoData;

/** Small data the tests build, and the shared benchmark tables when they are present. */
public final class TestData {
  private TestData() {}

  /** The demo churn table with {@code rows} rows (label {@code churned}). */
  public static Dataset<Row> churn(long rows) {
    return DemoData.generate(SharedSpark.session(), rows, 7);
  }

  /** Writes the demo table, without the columns {@code drop}, as one CSV file with a header and returns its path. */
  public static Path churnCsv(Path dir, long rows, String... drop) throws java.io.IOException {
    Path out = dir.resolve("churn-csv");
    churn(rows).drop(drop).coalesce(1).write().option("header", "true").csv(out.toString());
    try (var files = Files.list(out)) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
      Path csv = dir.resolve("churn.csv");
      Files.move(part, csv);
      return csv;
    }
  }

  /** A table from ../shared/datasets, if present. */
  public static Optional<Path> shared(String name) {
    String dir = System.getProperty("sparkwise.shared.datasets", "../shared/datasets");
    Path p = Path.of(dir, name);
    return Files.exists(p) ? Optional.of(p) : Optional.empty();
  }
}
