package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.ensemble.EnsembleModel;
import sparkwise.Candidate;
import sparkwise.TrialResult;
import sparkwise.testing.SharedSpark;

/**
 * The best single model of a run an ensemble won is measured as the ensemble's member, not refitted:
 * also for a classifier, whose pipeline ends with the label decoder after the ensemble.
 */
class EnsembleMemberLookupTest {
  @Test
  void aMemberIsFoundInAClassifiersPipelineWithItsLabelDecoder() {
    Dataset<Row> d = SharedSpark.session().sql(
        "SELECT CAST(id AS DOUBLE) AS a, CAST(id % 7 AS DOUBLE) AS b, CAST(id % 2 AS DOUBLE) AS label FROM range(60)");
    VectorAssembler va = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features");
    Dataset<Row> features = va.transform(d);
    Transformer lr1 = new LogisticRegression().setMaxIter(5).fit(features);
    Transformer lr2 = new LogisticRegression().setMaxIter(5).setRegParam(0.1).fit(features);
    EnsembleModel ensemble = new EnsembleModel(new PipelineModel[] {new PipelineModel("prefix", new Transformer[] {va})},
        new Transformer[] {lr1, lr2}, null).configure("selection", "binary", new double[] {0.5, 0.5}, new int[] {0, 0},
        new String[] {"t0003 xgboost", "t0007 xgboost_linear"});
    Transformer guard = new VectorAssembler().setInputCols(new String[] {"a"}).setOutputCol("unused");
    IndexToString decoder = new IndexToString().setInputCol("prediction").setOutputCol("predicted_label")
        .setLabels(new String[] {"no", "yes"});

    PipelineModel classifier = new PipelineModel("p", new Transformer[] {guard, ensemble, decoder});
    PipelineModel regressor = new PipelineModel("p", new Transformer[] {guard, ensemble});

    assertEquals(1, HoldoutPhase.memberIndex(classifier, trial(7, "xgboost_linear")));
    assertEquals(0, HoldoutPhase.memberIndex(regressor, trial(3, "xgboost")));
    assertEquals(-1, HoldoutPhase.memberIndex(classifier, trial(4, "xgboost")), "not a member");
    assertEquals(-1, HoldoutPhase.memberIndex(new PipelineModel("p", new Transformer[] {guard, lr1}),
        trial(3, "xgboost")), "no ensemble");
  }

  private static TrialResult trial(int seq, String family) {
    return new TrialResult(new Candidate(seq, family, Map.of()), "tree", TrialResult.Status.OK, List.of(0.8), 0.8, 0, 1,
        0, 0, null);
  }
}
