package sparkwise.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Task;
import sparkwise.data.SideBySide;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * Runs the search: proposes candidates, evaluates each on the cached folds with bounded
 * parallelism (each trial is a Spark job group, so the deadline can cancel it), and reports
 * every trial as it ends. The best trial so far is always known, so a run ends with a model.
 */
public final class SearchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SearchRunner.class);
  /** With no trial succeeding, the search stops after this many failures (the data or a bug). */
  static final int FAILURES_BEFORE_GIVING_UP = 6;
  /** Proposals in a row that no longer fit the time left, after which the search ends. */
  static final int MAX_SKIPPED_IN_A_ROW = 25;

  /**
   * What the search needs besides the strategy. {@code taskEngineMaxBytes}: a variant whose folds
   * take at most this many bytes as dense rows runs its single-node families' trials as Spark tasks
   * ({@link TaskEngine}); 0 runs every trial on the distributed engine.
   */
  public record Settings(
      Task task, Metric metric, String labelCol, int[] foldIds, int parallelism, int maxTrials,
      long seed, Deadline deadline, boolean timeOrdered, ToDoubleFunction<List<TrialResult>> reserveSeconds,
      long taskEngineMaxBytes, Switches switches) {
    public Settings(Task task, Metric metric, String labelCol, int[] foldIds, int parallelism, int maxTrials,
        long seed, Deadline deadline) {
      this(task, metric, labelCol, foldIds, parallelism, maxTrials, seed, deadline, false,
          h -> best(h, metric).map(t -> t.fitSeconds() / Math.max(1, t.foldMetrics().size()) * 1.5).orElse(0.0), 0,
          Switches.ON);
    }

    public Settings withTaskEngine(long maxBytes) {
      return new Settings(task, metric, labelCol, foldIds, parallelism, maxTrials, seed, deadline, timeOrdered,
          reserveSeconds, maxBytes, switches);
    }

    public Settings with(Switches on) {
      return new Settings(task, metric, labelCol, foldIds, parallelism, maxTrials, seed, deadline, timeOrdered,
          reserveSeconds, taskEngineMaxBytes, on);
    }

    /** Whether the task engine's boosted trials stop early on their folds' validation rows. */
    public Settings withEarlyStopping(boolean on) {
      return with(new Switches(on, switches.pruning(), switches.foldCache()));
    }
  }

  /**
   * The mechanisms that make the search fast, each of which a benchmark can switch off to measure
   * what it brings: {@code earlyStopping} of boosting on a fold's validation loss; {@code pruning}
   * of a trial after a fold when it is hopelessly behind the best; {@code foldCache}: every trial of
   * a variant reads its folds prepared once (off: each trial fits the variant's preprocessing on
   * every fold itself, as a CrossValidator over a Pipeline does).
   */
  public record Switches(boolean earlyStopping, boolean pruning, boolean foldCache) {
    public static final Switches ON = new Switches(true, true, true);
  }

  private final SparkSession spark;
  private final Settings settings;
  private final Map<FeatureVariant, FeaturePlan> plans;
  private final Map<String, ModelFamily> families = new HashMap<>();

  private sparkwise.search.OofStore oof;
  private PreparationTimes preparationTimes = new PreparationTimes();
  private Map<FeatureVariant, List<org.apache.spark.ml.Transformer>> fittedPrefixes = Map.of();
  private TaskEngine engine;
  private SearchClock clock;
  private final String searchId = java.util.UUID.randomUUID().toString().substring(0, 8);

  public SearchRunner(SparkSession spark, Settings settings, Map<FeatureVariant, FeaturePlan> plans,
      List<ModelFamily> families) {
    this.spark = spark;
    this.settings = settings;
    this.plans = plans;
    families.forEach(f -> this.families.put(f.name(), f));
  }

  /** Keep every trial's out-of-fold predictions in {@code store} (for ensembles). */
  public SearchRunner keepingPredictions(sparkwise.search.OofStore store) {
    this.oof = store;
    return this;
  }

  /** Records each variant's fold preparation time in {@code times} (what the refit estimates read). */
  public SearchRunner timingPreparationIn(PreparationTimes times) {
    this.preparationTimes = times;
    return this;
  }

  /** Runs trials until the strategy is exhausted, {@code maxTrials} (0: no bound) or the deadline. */
  public List<TrialResult> run(Dataset<Row> searchRows, SearchStrategy strategy, TrialListener listener) {
    return run(searchRows, strategy, listener, List.of());
  }

  /**
   * Continues a search whose {@code finished} trials (read back from the trials table) are not
   * run again: the strategy sees them in its history and their proposal numbers are skipped, so
   * the remaining proposals are those an uninterrupted run would have made.
   */
  public List<TrialResult> run(Dataset<Row> searchRows, SearchStrategy strategy, TrialListener listener,
      List<TrialResult> finished) {
    List<TrialResult> history = Collections.synchronizedList(new ArrayList<>(finished));
    Set<Integer> done = new java.util.HashSet<>();
    finished.forEach(r -> done.add(r.candidate().seq()));
    finished.stream().sorted(Comparator.comparingInt(r -> r.candidate().seq()))
        .forEach(r -> strategy.replay(r.candidate()));
    Set<String> running = ConcurrentHashMap.newKeySet();
    TrialTimes times = new TrialTimes();
    finished.stream().filter(TrialResult::ok).forEach(times::add);
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism(), SideBySide.daemonThreads("sparkwise-trial"));
    clock = new SearchClock(settings, history);
    String prefetchGroup = jobGroup("folds");
    clock.watch(spark.sparkContext(), prefetchGroup, running, this::jobGroup);
    try (FoldCache cache = new FoldCache(searchRows, settings.foldIds(), settings.timeOrdered(), settings.labelCol(), plans,
        preparationTimes);
        TaskEngine tasks = new TaskEngine(spark, settings.taskEngineMaxBytes(), settings.labelCol())) {
      engine = settings.taskEngineMaxBytes() > 0 ? tasks : null;
      if (settings.switches().foldCache()) {
        cache.prefetch(families.values().stream().map(ModelFamily::variant).distinct().toList(), prefetchGroup);
      }
      List<Future<?>> inFlight = new ArrayList<>();
      Map<Future<?>, Integer> seqOf = new java.util.HashMap<>();
      int seq = 0;
      int launched = done.size();
      int skippedInARow = 0;
      while (settings.maxTrials() <= 0 || launched < settings.maxTrials()) {
        if (done.contains(seq)) {
          seq++;
          continue;
        }
        // A finished trial whose recording failed (e.g. the warehouse became unwritable) ends the run.
        inFlight.removeIf(f -> {
          if (f.isDone()) {
            SideBySide.join(f);
            return true;
          }
          return false;
        });
        if (inFlight.size() >= settings.parallelism()) {
          waitForAny(inFlight);
          continue;
        }
        long now = System.currentTimeMillis();
        boolean haveResult = clock.haveResult();
        // No trial starts past the hard end (less the refit of the best trial so far); between the
        // search deadline and it, only trials whose family's times say they end in time. Those
        // running go on until the hard end, when the watchdog cuts them off.
        long grace = clock.grace();
        if (haveResult ? clock.remaining(now) + grace <= 0 : now >= settings.deadline().searchEndMillis()) {
          break;
        }
        // Trials end on other threads: streaming the list unlocked threw a ConcurrentModificationException
        // (blood-transfusion at 180 s, ~1,400 trials).
        long failures;
        synchronized (history) {
          failures = history.stream().filter(t -> !t.ok()).count();
        }
        if (!haveResult && failures >= FAILURES_BEFORE_GIVING_UP) {
          LOG.warn("{} trials failed and none succeeded on all rows; stopping the search", failures);
          break;
        }
        int horizon = seq - historyLag();
        if (strategy.usesHistory() && inFlight.stream().anyMatch(f -> seqOf.get(f) < horizon)) {
          waitForAny(inFlight);
          continue;
        }
        List<TrialResult> visible;
        synchronized (history) {
          visible = strategy.usesHistory()
              ? history.stream().filter(t -> t.candidate().seq() < horizon).toList()
              : List.copyOf(history);
        }
        Optional<Candidate> next = strategy.propose(seq, visible);
        if (next.isEmpty()) {
          break;
        }
        Candidate c = next.get();
        seq++;
        ModelFamily family = families.get(c.family());
        double expected = times.expectedSeconds(c, family == null || family.cuttable());
        long left = clock.remaining(now) + (expected > 0 ? grace : 0);
        if (haveResult && (expected * 1000 > left || left <= 0)) {
          LOG.info("Skipping {} ({}): it would take ~{}s, more than the search has left", c.trialId(), c.family(),
              Math.round(expected));
          // Skipped proposals are not trials (max_trials counts those started); a strategy that only
          // proposes what no longer fits ends the search.
          if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
            break;
          }
          continue;
        }
        skippedInARow = 0;
        launched++;
        // Early stopping compares with trials every run of this seed has finished by now (determinism).
        Optional<TrialResult> yardstick = strategy.usesHistory()
            ? bestOf(visible.stream().filter(t -> t.candidate().fraction() == c.fraction()).toList(), settings.metric())
            : Optional.empty();
        running.add(c.trialId());
        int slot = c.seq() % settings.parallelism();
        Future<?> submitted = pool.submit(() -> {
          spark.sparkContext().setLocalProperty("spark.scheduler.pool", "sparkwise-trials-" + slot);
          if (!history.isEmpty()) { // a trial after one that finished: a kill here leaves both kinds
            sparkwise.data.PausePoints.reach(sparkwise.data.PausePoints.TRIAL);
          }
          TrialResult r = evaluate(cache, c, yardstick.orElse(null));
          running.remove(c.trialId());
          if (r.ok()) {
            times.add(r);
          }
          synchronized (history) {
            history.add(r);
            listener.trialEnded(r, history.size(), best(history, settings.metric()).orElse(null));
          }
        });
        seqOf.put(submitted, c.seq());
        inFlight.add(submitted);
      }
      for (Future<?> f : inFlight) {
        SideBySide.join(f);
      }
      fittedPrefixes = cache.fittedPrefixes();
    } finally {
      spark.sparkContext().cancelJobGroupAndFutureJobs(prefetchGroup, "the search has ended");
      clock.close();
      pool.shutdownNow();
    }
    List<TrialResult> out = new ArrayList<>(history);
    out.sort(Comparator.comparingInt(r -> r.candidate().seq()));
    return out;
  }

  /**
   * After {@link #run}: each variant's unsupervised prefix fitted on all the search rows (see
   * {@link UnsupervisedPrefix}), for a refit on the same rows to apply rather than fit again.
   */
  public Map<FeatureVariant, List<org.apache.spark.ml.Transformer>> fittedPrefixes() {
    return fittedPrefixes;
  }

  /**
   * How far back a strategy's view of the history ends (what it proposes must not depend on which
   * trial ended first). Twice the trials at once with single-task trials, so that a long trial does
   * not idle the other cores: house_prices at 60 s, 27 -> 42 trials.
   */
  private int historyLag() {
    return settings.parallelism() * (settings.taskEngineMaxBytes() > 0 ? 2 : 1);
  }

  /**
   * Fits and scores one candidate on every fold; stops early (PRUNED) when, after a fold, it is
   * hopelessly behind {@code yardstick} (the best earlier trial) on the same folds.
   */
  TrialResult evaluate(FoldCache cache, Candidate c, TrialResult yardstick) {
    // With pruning off, no trial is measured against another: both engines prune only against a yardstick.
    TrialResult against = settings.switches().pruning() ? yardstick : null;
    if (settings.switches().foldCache()) {
      return evaluate(cache, engine, c, against, false);
    }
    // Switched off: the trial prepares its folds itself, and its time includes that preparation.
    try (FoldCache own = cache.forOneTrial(); TaskEngine ownEngine = engine == null ? null : engine.another()) {
      return evaluate(own, ownEngine, c, against, true);
    }
  }

  private TrialResult evaluate(FoldCache cache, TaskEngine tasks, Candidate c, TrialResult yardstick,
      boolean timingPreparation) {
    ModelFamily family = families.containsKey(c.family()) ? families.get(c.family()) : ModelCatalog.get(c.family());
    FeatureVariant variant = family.variant();
    long start = System.currentTimeMillis();
    String group = jobGroup(c.trialId());
    spark.sparkContext().setJobGroup(group, c.family() + " " + c.paramsJson(), true);
    String engineUsed = TrialResult.DISTRIBUTED;
    try {
      FeaturePlan plan = plans.get(variant);
      Optional<TaskEngine.Dense> dense = tasks != null && family.hasSingleNode()
          ? tasks.folds(cache, variant, plan.featuresCol()) : Optional.empty();
      engineUsed = dense.isPresent() ? TrialResult.TASK : TrialResult.DISTRIBUTED;
      List<FoldCache.Fold> folds = dense.isPresent() ? List.of()
          : cache.materialised(cache.folds(variant, c.fraction(), settings.seed()));
      // The trial's own time starts once its variant's folds are prepared (once per run, shared by
      // every trial of the variant), so that the time a family's trials take is not overstated;
      // with the fold cache off, that preparation is the trial's own and counts.
      start = timingPreparation ? start : System.currentTimeMillis();
      if (dense.isPresent()) {
        long stopAt = clock == null ? Long.MAX_VALUE : clock.stopBoostingAt(start);
        return tasks.trial(c, family, plan, dense.get(), settings, yardstick, start, oof, stopAt);
      }
      return DistributedTrial.run(c, family, plan, folds, settings, yardstick, start, oof);
    } catch (Exception e) {
      // Scala code throws SparkException (a checked exception) without declaring it.
      boolean cancelled = spark.sparkContext().isStopped()
          || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("cancelled");
      if (!cancelled) {
        LOG.warn("Trial {} ({}) failed", c.trialId(), c.family(), e);
      }
      return new TrialResult(c, variant.name().toLowerCase(),
          cancelled ? TrialResult.Status.CANCELLED : TrialResult.Status.FAILED,
          List.of(), Double.NaN, Double.NaN, 0, start, System.currentTimeMillis(),
          shorten(sparkwise.Errors.firstLine(e)), engineUsed);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The per-fold seed: a function of the run seed, trial and fold only (not of thread timing). */
  static long foldSeed(long seed, int seq, int fold) {
    long h = seed * 0x9E3779B97F4A7C15L + seq * 1_000_003L + fold;
    return h ^ (h >>> 31);
  }

  /** The best trial that can become the run's model (finished, on all rows). */
  public static Optional<TrialResult> best(List<TrialResult> history, Metric metric) {
    return bestOf(history.stream().filter(TrialResult::eligible).toList(), metric);
  }

  /** The best finished trial of {@code trials}, the earliest on ties. */
  static Optional<TrialResult> bestOf(List<TrialResult> trials, Metric metric) {
    TrialResult best = null;
    for (TrialResult r : trials) {
      if (r.ok() && (best == null || metric.better(r.mean(), best.mean())
          || r.mean() == best.mean() && r.candidate().seq() < best.candidate().seq())) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String shorten(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  /**
   * The trial's Spark job group, unique to this search: cancelling a group also cancels its future
   * jobs for the life of the SparkContext, so a name reused by a later run in the same application
   * would see its jobs cancelled.
   */
  private String jobGroup(String trialId) {
    return "sparkwise-" + searchId + "-" + trialId;
  }

  private static void waitForAny(List<Future<?>> futures) {
    while (futures.stream().noneMatch(Future::isDone)) {
      try {
        futures.get(0).get(200, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // poll again
      } catch (Exception e) {
        return;
      }
    }
  }
}
