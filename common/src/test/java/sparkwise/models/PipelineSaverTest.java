package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/** A pipeline saved stage by stage side by side is the folder Spark writes, and plain Spark loads it. */
class PipelineSaverTest {
  @TempDir Path dir;

  @Test
  void writesSparksLayoutThatPlainSparkLoads() throws Exception {
    Dataset<Row> rows = SharedSpark.session().sql(
        "SELECT CAST(id % 7 AS DOUBLE) AS a, IF(id % 5 = 0, NULL, CAST(id % 11 AS DOUBLE)) AS b, "
            + "CAST(id % 2 AS DOUBLE) AS label FROM range(200)");
    // A nested pipeline (as an ensemble's variants are) and eleven stages (two-digit stage folders).
    PipelineModel prep = new Pipeline().setStages(new PipelineStage[] {
        new SQLTransformer().setStatement("SELECT *, a * 2 AS a2 FROM __THIS__"),
        new Imputer().setInputCols(new String[] {"b"}).setOutputCols(new String[] {"b_imp"})}).fit(rows);
    List<PipelineStage> many = new ArrayList<>();
    many.add(new VectorAssembler().setInputCols(new String[] {"a", "a2", "b_imp"}).setOutputCol("features"));
    for (int i = 0; i < 8; i++) {
      many.add(new SQLTransformer().setStatement("SELECT * FROM __THIS__"));
    }
    many.add(new LogisticRegression().setMaxIter(5));
    PipelineModel rest = new Pipeline().setStages(many.toArray(PipelineStage[]::new)).fit(prep.transform(rows));
    List<Transformer> all = new ArrayList<>(List.of(prep));
    all.addAll(Arrays.asList(rest.stages()));
    PipelineModel fitted = new PipelineModel("sparkwise_saver_test", all.toArray(Transformer[]::new));

    String spark = dir.resolve("spark").toString();
    String ours = dir.resolve("ours").toString();
    fitted.write().save(spark);
    PipelineSaver.save(SharedSpark.session(), fitted, ours);

    // Spark's layout, and beside it the one-file snapshot Sparkwise reads back (PipelineSnapshotTest).
    List<String> oursBesideSnapshot = new ArrayList<>(layout(Path.of(ours)));
    assertTrue(oursBesideSnapshot.removeAll(List.of(PipelineSnapshot.FILE, "." + PipelineSnapshot.FILE + ".crc")));
    assertEquals(layout(Path.of(spark)), oursBesideSnapshot);
    assertEquals(metadataWithoutTime(Path.of(spark)), metadataWithoutTime(Path.of(ours)));
    PipelineModel loaded = PipelineModel.load(ours);
    assertEquals(fitted.uid(), loaded.uid());
    assertArrayEquals(uids(fitted), uids(loaded));
    assertEquals(fitted.transform(rows).select("probability").collectAsList(),
        loaded.transform(rows).select("probability").collectAsList());

    UncheckedIOException again = assertThrows(UncheckedIOException.class,
        () -> PipelineSaver.save(SharedSpark.session(), fitted, ours));
    assertTrue(again.getMessage().contains(ours), again.getMessage());
  }

  /** Stages that are only their params (and the pipelines holding them) are written without a Spark job. */
  @Test
  void metadataOnlyStagesAreWrittenWithoutASparkJob() throws Exception {
    PipelineModel inner = new PipelineModel("inner", new Transformer[] {
        new SQLTransformer().setStatement("SELECT *, a * 2 AS a2 FROM __THIS__"),
        new VectorAssembler().setInputCols(new String[] {"a", "a2"}).setOutputCol("features")});
    PipelineModel model = new PipelineModel("outer", new Transformer[] {inner,
        new SQLTransformer().setStatement("SELECT * FROM __THIS__")});
    String path = dir.resolve("metadata-only").toString();
    int jobs = sparkwise.testing.SparkJobs.count(() -> {
      PipelineSaver.save(SharedSpark.session(), model, path);
      return null;
    }).jobs();
    assertEquals(0, jobs, "Spark jobs while saving");
    PipelineModel loaded = PipelineModel.load(path);
    assertArrayEquals(uids(model), uids(loaded));
    assertEquals("SELECT * FROM __THIS__", ((SQLTransformer) loaded.stages()[1]).getStatement());
  }

  /** Every folder and file under {@code root}, part files by folder only (their names hold a random id). */
  private static List<String> layout(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString())
          .map(p -> p.replaceAll("part-[^/]*$", "part").replaceAll("\\.part-[^/]*\\.crc$", ".part.crc"))
          .sorted().toList();
    }
  }

  /** The metadata files' text, with the save time taken out. */
  private static List<String> metadataWithoutTime(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getParent().getFileName().toString().equals("metadata")
              && p.getFileName().toString().startsWith("part-"))
          .sorted(java.util.Comparator.comparing(p -> root.relativize(p).getParent().toString()))
          .map(p -> {
            try {
              return Files.readString(p).replaceAll("\"timestamp\":[0-9]+", "");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).toList();
    }
  }

  private static String[] uids(PipelineModel m) {
    return Arrays.stream(m.stages()).map(s -> s.getClass().getName() + ":" + s.uid()).toArray(String[]::new);
  }
}
