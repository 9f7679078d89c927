package sparkwise.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.testing.SharedSpark;

/**
 * When most columns are dropped, the rows keep only the features, the label and the split's time
 * column: a time index dropped as a row ID still orders the split.
 */
class TimeColumnKeptTest {
  @TempDir Path dir;

  @Test
  void aTimeColumnDroppedAsARowIdStillOrdersTheSplit() {
    Dataset<Row> rows = SharedSpark.session().sql("SELECT id AS t, 1 AS c1, 'a' AS c2, "
        + "CAST((id * 37) % 101 AS DOUBLE) AS x, IF((id * 37) % 101 > 50, 1, 0) AS y FROM range(400)");
    TrainResult r = Sparkwise.train(SharedSpark.session(), rows, ConfigLoader.fromYaml("test", """
        label: y
        budget: 30s
        seed: 5
        split: {time_column: t}
        search: {max_trials: 2}
        models: {include: [logistic_regression]}
        ensemble: {enabled: false}
        """, ConfigOverrides.none()), TrainOptions.of(dir.resolve("wh").toString()));
    assertTrue(r.summary().toString().contains("row ID"), "t is dropped as a feature: " + r.summary());
    org.junit.jupiter.api.Assertions.assertNotNull(r.model(), "a model, split by t");
  }
}
