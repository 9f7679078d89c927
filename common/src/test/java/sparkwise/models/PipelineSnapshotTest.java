package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectInputFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/**
 * A saved pipeline reads back from its one-file snapshot without a Spark job and scores as the
 * pipeline plain Spark reads; a snapshot that no longer describes its folder, or holds a class
 * outside the allowed packages, is not used.
 */
class PipelineSnapshotTest {
  @TempDir static Path dir;
  static Dataset<Row> rows;
  static PipelineModel fitted;

  @BeforeAll
  static void fit() {
    rows = SharedSpark.session().sql(
        "SELECT CAST(id % 7 AS DOUBLE) AS a, IF(id % 5 = 0, NULL, CAST(id % 11 AS DOUBLE)) AS b, "
            + "CAST(id % 2 AS DOUBLE) AS label FROM range(200)").cache();
    List<PipelineStage> stages = List.of(
        new SQLTransformer().setStatement("SELECT *, a * 2 AS a2 FROM __THIS__"),
        new Imputer().setInputCols(new String[] {"b"}).setOutputCols(new String[] {"b_imp"}),
        new VectorAssembler().setInputCols(new String[] {"a", "a2", "b_imp"}).setOutputCol("features"),
        new RandomForestClassifier().setNumTrees(3).setMaxDepth(3).setSeed(1));
    fitted = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(rows);
  }

  @Test
  void aSavedPipelineReadsBackWithoutASparkJobAndScoresTheSame() {
    String path = dir.resolve("whole").toString();
    PipelineSaver.save(SharedSpark.session(), fitted, path);
    assertTrue(Files.exists(dir.resolve("whole").resolve(PipelineSnapshot.FILE)));

    var counted = sparkwise.testing.SparkJobs.count(
        () -> PipelineSnapshot.read(SharedSpark.session(), path).orElseThrow());
    PipelineModel read = counted.value();
    assertEquals(0, counted.jobs(), "Spark jobs while reading the snapshot");

    PipelineModel plain = PipelineModel.load(path);
    assertEquals(plain.uid(), read.uid());
    assertEquals(plain.transform(rows).select("probability").collectAsList(),
        read.transform(rows).select("probability").collectAsList());
  }

  @Test
  void aSnapshotThatNoLongerDescribesItsFolderIsNotUsed() throws Exception {
    SparkSession spark = SharedSpark.session();
    String changed = dir.resolve("changed").toString();
    PipelineSaver.save(spark, fitted, changed);
    assertTrue(PipelineSnapshot.read(spark, changed).isPresent());
    Path metadata = Files.list(dir.resolve("changed/metadata"))
        .filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    Files.writeString(metadata, "\n", StandardOpenOption.APPEND); // plain Spark still reads its first line
    Files.delete(metadata.resolveSibling("." + metadata.getFileName() + ".crc"));
    assertFalse(PipelineSnapshot.read(spark, changed).isPresent(), "a stage file changed length");
    assertEquals(fitted.uid(), PipelineModel.load(changed).uid()); // the folder itself is unharmed

    String truncated = dir.resolve("truncated").toString();
    PipelineSaver.save(spark, fitted, truncated);
    Path file = dir.resolve("truncated").resolve(PipelineSnapshot.FILE);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
    assertFalse(PipelineSnapshot.read(spark, truncated).isPresent(), "a truncated snapshot");
  }

  @Test
  void onlyJdkScalaSparkMlXGBoostAndSparkwiseClassesAreDeserialized() {
    for (Class<?> ok : List.of(PipelineModel.class, XGBoostStageModel.class, String[].class, String.class,
        scala.collection.immutable.HashMap.class, org.apache.spark.ml.tree.InternalNode.class)) {
      assertEquals(ObjectInputFilter.Status.ALLOWED, PipelineSnapshot.CLASSES.checkInput(new PipelineSnapshot.Info(ok)),
          ok.getName());
    }
    for (Class<?> no : List.of(java.net.URL.class, javax.management.BadAttributeValueExpException.class,
        org.apache.spark.rdd.RDD.class, org.apache.spark.sql.SparkSession.class, java.io.File[].class)) {
      assertEquals(ObjectInputFilter.Status.REJECTED,
          PipelineSnapshot.CLASSES.checkInput(new PipelineSnapshot.Info(no)), no.getName());
    }
  }
}
