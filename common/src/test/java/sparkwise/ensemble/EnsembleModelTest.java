package sparkwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.DatasetAssertions;
import sparkwise.testing.FreshJvm;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.StageContract;

/** The ensemble stage: weighted and stacked combinations, saved and reloaded (also in a fresh JVM). */
class EnsembleModelTest {
  @TempDir Path dir;

  static Dataset<Row> data() {
    Random r = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      rows.add(RowFactory.create(i, a, b, a + b * b + 0.3 * r.nextGaussian() > 0.8 ? 1.0 : 0.0));
    }
    return SharedSpark.session().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
        .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("label", DataTypes.DoubleType));
  }

  /** Two members on one shared preprocessing prefix (a VectorAssembler). */
  static EnsembleModel ensemble(String method, PipelineModel meta) {
    Dataset<Row> d = data();
    VectorAssembler va = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features");
    PipelineModel prefix = new PipelineModel("prefix", new Transformer[] {va});
    Dataset<Row> features = va.transform(d);
    Transformer lr = new LogisticRegression().fit(features);
    Transformer dt = new DecisionTreeClassifier().setMaxDepth(4).setSeed(3).fit(features);
    return new EnsembleModel(new PipelineModel[] {prefix}, new Transformer[] {lr, dt}, meta)
        .configure(method, "binary", new double[] {0.25, 0.75}, new int[] {0, 0}, new String[] {"t0 lr", "t1 dt"});
  }

  @Test
  void aMembersScoresKeptBesideTheEnsemblesGiveItsMetricsAsWhenScoredAlone() {
    EnsembleModel m = ensemble("selection", null);
    var task = sparkwise.Task.BINARY;
    var metrics = sparkwise.evaluation.Metric.reported(task);
    var both = sparkwise.evaluation.LocalMetrics.collectWith(m.transformKeepingMemberScores(data()), "label", task,
        EnsembleModel.memberScores(1));
    var alone = sparkwise.evaluation.LocalMetrics.collect(m.member(1).transform(data()), "label", task);
    var ensembled = sparkwise.evaluation.LocalMetrics.collect(m.transform(data()), "label", task);

    assertEquals(sparkwise.evaluation.LocalMetrics.of(alone, task, metrics),
        sparkwise.evaluation.LocalMetrics.of(both[1], task, metrics));
    assertEquals(sparkwise.evaluation.LocalMetrics.of(ensembled, task, metrics),
        sparkwise.evaluation.LocalMetrics.of(both[0], task, metrics));
    assertTrue(!sparkwise.evaluation.LocalMetrics.of(both[0], task, metrics)
        .equals(sparkwise.evaluation.LocalMetrics.of(both[1], task, metrics)), "the member is not the ensemble");
  }

  @Test
  void weightedProbabilitiesAreTheMembersWeightedMean() throws Exception {
    EnsembleModel m = ensemble("selection", null);
    Row first = m.transform(data()).orderBy("id").first();
    Vector p = first.getAs("probability");
    assertEquals(1.0, p.apply(0) + p.apply(1), 1e-9);
    assertEquals(p.argmax(), (int) first.<Double>getAs("prediction").doubleValue());
    StageContract.check(m, data(), "id");
  }

  @Test
  void savedEnsembleScoresIdenticallyInAFreshJvm() throws Exception {
    EnsembleModel m = ensemble("voting", null);
    PipelineModel pipeline = new PipelineModel("pipeline", new Transformer[] {m});
    Path model = dir.resolve("model");
    pipeline.save(model.toString());
    Path input = dir.resolve("input.parquet");
    data().write().parquet(input.toString());
    Path output = dir.resolve("fresh.parquet");
    FreshJvm.score(model, input, output, "id", "prediction", "probability");
    Dataset<Row> fresh = SharedSpark.session().read().parquet(output.toString());
    assertEquals(400, fresh.count());
    DatasetAssertions.assertSameRows(pipeline.transform(data()).select("id", "prediction", "probability"), fresh,
        1e-12, "id");
    assertTrue(Files.exists(model.resolve("stages")));
  }
}
