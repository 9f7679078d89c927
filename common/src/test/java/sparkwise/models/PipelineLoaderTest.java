package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/** A pipeline read stage by stage side by side is the pipeline plain Spark reads, and scores the same. */
class PipelineLoaderTest {
  @TempDir Path dir;

  @Test
  void readsWhatSparkReadsAndScoresTheSame() throws Exception {
    Dataset<Row> rows = SharedSpark.session().sql(
        "SELECT CAST(id % 7 AS DOUBLE) AS a, IF(id % 5 = 0, NULL, CAST(id % 11 AS DOUBLE)) AS b, "
            + "CAST(id % 2 AS DOUBLE) AS label FROM range(200)");
    List<PipelineStage> stages = List.of(
        new SQLTransformer().setStatement("SELECT *, a * 2 AS a2 FROM __THIS__"),
        new Imputer().setInputCols(new String[] {"b"}).setOutputCols(new String[] {"b_imp"}),
        new VectorAssembler().setInputCols(new String[] {"a", "a2", "b_imp"}).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features"),
        new LogisticRegression().setMaxIter(5));
    // Eleven stages: the stage folders' index gets two digits, as Spark writes them.
    List<PipelineStage> many = new java.util.ArrayList<>(stages.subList(0, 4));
    for (int i = 0; i < 6; i++) {
      many.add(new SQLTransformer().setStatement("SELECT * FROM __THIS__"));
    }
    many.add(stages.get(4));
    PipelineModel fitted = new Pipeline().setStages(many.toArray(PipelineStage[]::new)).fit(rows);
    String path = dir.resolve("model").toString();
    fitted.write().save(path);

    PipelineModel plain = PipelineModel.load(path);
    PipelineModel sideBySide = PipelineLoader.load(SharedSpark.session(), path);

    assertEquals(plain.uid(), sideBySide.uid());
    assertArrayEquals(uids(plain), uids(sideBySide));
    assertEquals(plain.transform(rows).select("probability").collectAsList(),
        sideBySide.transform(rows).select("probability").collectAsList());
  }

  private static String[] uids(PipelineModel m) {
    return Arrays.stream(m.stages()).map(s -> s.getClass().getName() + ":" + s.uid()).toArray(String[]::new);
  }
}
