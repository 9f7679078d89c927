package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.data.Splitter;
import sparkwise.evaluation.Metric;
import sparkwise.features.LabelIndex;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.testing.SearchFixture;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * The task engine: trials of XGBoost families run as one Spark task each on the broadcast dense
 * folds, give the same trials and metrics for the same seed, and stop inside the task when the
 * deadline cancels them (not only on the driver's side).
 */
class TaskEngineTest {
  static Dataset<Row> raw;
  static SearchFixture fixture;
  static final List<ModelFamily> FAMILIES =
      List.of(ModelCatalog.get("xgboost"), ModelCatalog.get("xgboost_rf"), ModelCatalog.get("xgboost_linear"));

  @BeforeAll
  static void prepare() {
    raw = TestData.churn(3000).drop("city").cache();
    fixture = SearchFixture.of(raw, FAMILIES, 5);
    fixture.searchRows().count();
  }

  @AfterAll
  static void release() {
    fixture.searchRows().unpersist();
    raw.unpersist();
  }

  private static SearchRunner runner(Deadline deadline, long taskEngineBytes, List<ModelFamily> families) {
    return runner(deadline, taskEngineBytes, families, true);
  }

  private static SearchRunner runner(Deadline deadline, long taskEngineBytes, List<ModelFamily> families,
      boolean earlyStopping) {
    return new SearchRunner(SharedSpark.session(), new SearchRunner.Settings(Task.BINARY, Metric.ROC_AUC,
        LabelIndex.COLUMN, Splitter.validationFolds(fixture.cfg().split()), 2, 8, 5, deadline)
        .withTaskEngine(taskEngineBytes).withEarlyStopping(earlyStopping), fixture.plans(), families);
  }

  private static Deadline minutes(int m) {
    long now = System.currentTimeMillis();
    return new Deadline(now, now + m * 60_000L, now + m * 60_000L);
  }

  /** Records, per proposal, the newest trial the strategy was shown. */
  private static final class Watched implements SearchStrategy {
    final SearchStrategy inner;
    final Map<Integer, Integer> newestSeen = new java.util.concurrent.ConcurrentHashMap<>();

    Watched(SearchStrategy inner) {
      this.inner = inner;
    }

    @Override
    public Optional<Candidate> propose(int seq, List<TrialResult> history) {
      newestSeen.put(seq, history.stream().mapToInt(t -> t.candidate().seq()).max().orElse(-1));
      return inner.propose(seq, history);
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public boolean usesHistory() {
      return inner.usesHistory();
    }
  }

  @Test
  void trialsRunAsTasksAndRepeatWithTheSameSeed() {
    Watched tpe = new Watched(new TpeStrategy(FAMILIES, Task.BINARY, 5, true));
    List<TrialResult> first = runner(minutes(5), 256L << 20, FAMILIES).run(fixture.searchRows(), tpe, (r, d, b) -> { });
    // Two trials at once; proposal n sees exactly the trials below n - 4 (twice that, single-task trials).
    for (int n = 0; n < first.size(); n++) {
      assertEquals(Math.max(-1, n - 5), tpe.newestSeen.get(n), "newest trial shown to proposal " + n);
    }
    List<TrialResult> second = runner(minutes(5), 256L << 20, FAMILIES)
        .run(fixture.searchRows(), new TpeStrategy(FAMILIES, Task.BINARY, 5, true), (r, d, b) -> { });
    assertEquals(8, first.size(), first.toString());
    for (int i = 0; i < first.size(); i++) {
      TrialResult a = first.get(i);
      TrialResult b = second.get(i);
      assertEquals(TrialResult.TASK, a.engine(), a.toString());
      assertTrue(a.status() == TrialResult.Status.OK || a.status() == TrialResult.Status.PRUNED, a.toString());
      assertEquals(a.status(), b.status());
      assertEquals(a.candidate(), b.candidate());
      assertEquals(a.foldMetrics(), b.foldMetrics(), a.candidate().trialId());
      assertEquals(a.bestRounds(), b.bestRounds(), a.candidate().trialId());
      // Boosted trees stop early on their folds' validation rows; a refit uses the rounds they chose.
      if (a.ok() && "xgboost".equals(a.candidate().family())) {
        int proposed = ((Number) a.candidate().params().get("numRound")).intValue();
        assertTrue(a.bestRounds() > 0 && a.bestRounds() <= proposed, a.toString());
        assertEquals(a.bestRounds(), a.fitParams().get("numRound"));
      } else {
        assertEquals(0, a.bestRounds(), "forests and linear boosters do not stop early: " + a);
      }
    }
    assertTrue(first.stream().mapToDouble(TrialResult::mean).max().orElseThrow() > 0.8, first.toString());
    // Off (bound 0), the same search runs every fit distributed.
    List<TrialResult> distributed = runner(minutes(5), 0, List.of(FAMILIES.get(0)))
        .run(fixture.searchRows(), new GridStrategy(List.of(FAMILIES.get(0)), Task.BINARY), (r, d, b) -> { });
    assertTrue(distributed.stream().allMatch(t -> TrialResult.DISTRIBUTED.equals(t.engine())), distributed.toString());
    // ... and they succeed: XGBoost-Spark's barrier stage refused folds regrouped after their
    // checkpoint (a coalesce between the checkpoint and the barrier), and every trial failed.
    assertTrue(distributed.stream().allMatch(TrialResult::ok), distributed.toString());
  }

  @Test
  void withoutMaxTrialsTheDeadlineAloneEndsTheSearch() {
    long now = System.currentTimeMillis();
    Deadline deadline = new Deadline(now, now + 12_000, now + 14_000);
    List<TrialResult> trials = new SearchRunner(SharedSpark.session(), new SearchRunner.Settings(Task.BINARY,
        Metric.ROC_AUC, LabelIndex.COLUMN, Splitter.validationFolds(fixture.cfg().split()), 2, 0, 5, deadline)
        .withTaskEngine(256L << 20), fixture.plans(), FAMILIES)
        .run(fixture.searchRows(), new TpeStrategy(FAMILIES, Task.BINARY, 5, true), (r, d, b) -> { });
    long ended = System.currentTimeMillis();
    // A bound of 8 ran 8 trials in the test above; with none, trials keep starting until the search's end.
    assertTrue(trials.size() > 8, trials.size() + " trials");
    assertTrue(ended >= now + 12_000, "ended " + (ended - now) + " ms after the start, before the deadline");
    assertTrue(trials.stream().anyMatch(TrialResult::ok), trials.toString());
  }

  @Test
  void aCancelledTaskStopsRunning() throws Exception {
    ModelFamily xgb = FAMILIES.get(0);
    SearchStrategy endless = endless();
    // Once the trial's task has run for a second, its job is cancelled as the deadline's watchdog
    // cancels it (the job group is interruptible); the folds' preparation takes what it takes.
    SparkContext sc = SharedSpark.session().sparkContext();
    java.util.concurrent.CompletableFuture<Integer> taskJob = new java.util.concurrent.CompletableFuture<>();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
        if (scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos()).stream()
            .anyMatch(st -> st.name().contains("TaskEngine"))) {
          taskJob.complete(e.jobId());
        }
      }
    };
    sc.addSparkListener(listener);
    Thread canceller = new Thread(() -> {
      try {
        int job = taskJob.get(2, java.util.concurrent.TimeUnit.MINUTES);
        Thread.sleep(1000);
        sc.cancelJob(job, "the test's deadline");
      } catch (Exception e) {
        // the assertions below report it
      }
    });
    canceller.start();
    long start = System.currentTimeMillis();
    // Early stopping off: two million rounds must run until the cancellation, not stop on a plateau.
    List<TrialResult> trials = runner(new Deadline(start, start + 120_000, start + 120_000), 256L << 20, List.of(xgb),
        false).run(fixture.searchRows(), endless, (r, d, b) -> { });
    canceller.join();
    sc.removeSparkListener(listener);
    assertEquals(1, trials.size(), trials.toString());
    assertEquals(TrialResult.Status.CANCELLED, trials.get(0).status(), trials.toString());
    assertEquals(TrialResult.TASK, trials.get(0).engine(), trials.toString());
    assertTrue(taskJob.isDone(), "the trial ran as a task");
    assertTrue(System.currentTimeMillis() - start < 100_000, "cancelled by the test, not at the 120 s deadline");
    // The task itself ends (it checks between rounds), not only the driver's wait for it.
    long deadline = System.currentTimeMillis() + 10_000;
    int running;
    do {
      Thread.sleep(250);
      running = Arrays.stream(sc.statusTracker().getExecutorInfos()).mapToInt(e -> e.numRunningTasks()).sum();
    } while (running > 0 && System.currentTimeMillis() < deadline);
    assertEquals(0, running, "tasks still running after the trial was cancelled");
  }

  /**
   * A first trial far too long for the budget (two million rounds) ends at the deadline with all
   * its folds measured on the rounds each had time for, not cancelled with nothing: the search
   * has a model to return, and the trial says what was cut.
   */
  @Test
  void aTrialTooLongForTheDeadlineEndsWithTheRoundsItHadTimeFor() {
    SearchStrategy endless = endless();
    long start = System.currentTimeMillis();
    Deadline deadline = new Deadline(start, start + 15_000, start + 20_000);
    List<TrialResult> trials = runner(deadline, 256L << 20, List.of(FAMILIES.get(0)), false)
        .run(fixture.searchRows(), endless, (r, d, b) -> { });
    long ended = System.currentTimeMillis();

    assertEquals(1, trials.size(), trials.toString());
    TrialResult t = trials.get(0);
    assertEquals(TrialResult.Status.OK, t.status(), t.toString());
    assertEquals(3, t.foldMetrics().size(), t.toString());
    assertTrue(t.mean() > 0.6, "a real model on every fold: " + t);
    assertTrue(t.error().startsWith("boosting cut at the deadline on 3 of 3 folds"), t.error());
    assertTrue(t.bestRounds() > 1 && t.bestRounds() < 2_000_000, t.toString());
    assertEquals(t.bestRounds(), t.fitParams().get("numRound"), "its refit boosts about the rounds measured");
    assertTrue(ended < deadline.hardEndMillis() + 2_000, "ended " + (ended - start) + " ms after the start");
  }

  /** One XGBoost trial of two million rounds: only a cancellation or the clock ends it. */
  private static SearchStrategy endless() {
    return new SearchStrategy() {
      @Override
      public Optional<Candidate> propose(int seq, List<TrialResult> history) {
        return seq > 0 ? Optional.empty()
            : Optional.of(new Candidate(0, "xgboost", Map.of("numRound", 2_000_000, "maxDepth", 8)));
      }

      @Override
      public String name() {
        return "endless";
      }
    };
  }
}
