package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.data.Splitter;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.LabelIndex;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.testing.SearchFixture;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;
import sparkwise.TrialResult;

/**
 * The deadline cuts off the first trial too. A deliberately slow first trial (distributed
 * gradient-boosted trees, 40 rounds, three folds of 40k rows: over half a minute here) is
 * cancelled at the hard end, a few seconds in, and the search returns right after. With the
 * first trial exempt (the runner's old rule: cut only once a trial had succeeded), the search
 * waited for it to finish. A listener sees the trial's Spark jobs end, not only the wait for them.
 */
class FirstTrialDeadlineTest {
  @Test
  void aLongFirstTrialIsCancelledAtTheHardEnd() throws InterruptedException {
    Dataset<Row> raw = TestData.churn(40_000).drop("city").cache();
    List<ModelFamily> families = List.of(ModelCatalog.get("gbt"));
    SearchFixture f = SearchFixture.of(raw, families, 5);
    Dataset<Row> search = f.searchRows();
    search.count();
    TrainConfig cfg = f.cfg();
    Map<FeatureVariant, FeaturePlan> plans = f.plans();

    RunningJobs jobs = new RunningJobs();
    SharedSpark.session().sparkContext().addSparkListener(jobs);
    long start = System.currentTimeMillis();
    Deadline deadline = new Deadline(start, start + 3_000, start + 5_000);
    SearchRunner runner = new SearchRunner(SharedSpark.session(), new SearchRunner.Settings(Task.BINARY,
        Metric.ROC_AUC, LabelIndex.COLUMN, Splitter.validationFolds(cfg.split()), 1, 3, 5, deadline), plans, families);
    List<TrialResult> trials = runner.run(search, new GridStrategy(families, Task.BINARY), (r, d, b) -> { });
    double seconds = (System.currentTimeMillis() - start) / 1000.0;

    assertEquals(1, trials.size(), trials.toString());
    assertEquals(TrialResult.Status.CANCELLED, trials.get(0).status(), trials.toString());
    assertTrue(seconds < 20, "the search returned " + seconds + "s after its start (hard end at 5 s)");
    // The trial's Spark jobs end too, not only the driver's wait for them (seen by a listener).
    assertTrue(jobs.started.get() > 0, "the search ran Spark jobs");
    long until = System.currentTimeMillis() + 5_000;
    while (!jobs.running.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
    }
    assertTrue(jobs.running.isEmpty(), "search jobs still running 5 s after the search returned: " + jobs.running);
    SharedSpark.session().sparkContext().removeSparkListener(jobs);
    search.unpersist();
    raw.unpersist();
  }

  /** Jobs of the search's trial groups that started and have not ended. */
  static final class RunningJobs extends org.apache.spark.scheduler.SparkListener {
    final java.util.Set<Integer> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
      String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
      if (group != null && group.startsWith("sparkwise-")) { // the trial's, and its folds' preparation
        started.incrementAndGet();
        running.add(e.jobId());
      }
    }

    @Override
    public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
      running.remove(e.jobId());
    }
  }
}
