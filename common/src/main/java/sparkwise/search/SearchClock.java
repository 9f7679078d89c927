package sparkwise.search;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.data.SideBySide;
import sparkwise.TrialResult;

/**
 * A search's time: what is left for it given the trials so far, and the watchdog that cuts
 * running trials off once it is spent.
 */
final class SearchClock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchClock.class);

  private final SearchRunner.Settings settings;
  private final List<TrialResult> history;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(SideBySide.daemonThreads("sparkwise-deadline"));

  /** {@code history}: the search's synchronized list of trials, read as it grows. */
  SearchClock(SearchRunner.Settings settings, List<TrialResult> history) {
    this.settings = settings;
    this.history = history;
  }

  /** Running trials may go on this long past the search's end. */
  long grace() {
    return settings.deadline().hardEndMillis() - settings.deadline().searchEndMillis();
  }

  boolean haveResult() {
    synchronized (history) {
      return history.stream().anyMatch(TrialResult::eligible);
    }
  }

  /**
   * Search time left: the deadline's, less what the trials so far will need after the search (the
   * final refit of the best one, an ensemble once there are members for one), so the whole run,
   * not only the search, keeps to the budget.
   */
  long remaining(long now) {
    List<TrialResult> snapshot;
    synchronized (history) {
      snapshot = List.copyOf(history);
    }
    return settings.deadline().remainingForSearch(now)
        - Math.round(settings.reserveSeconds().applyAsDouble(snapshot) * 1000);
  }

  /**
   * Whether running trials are to be cut off: at the hard end, or once what the trials so far need
   * after the search leaves no grace. Else a trial started just in time ran on into the time kept
   * for the best one's refit (house_16H at 60 s: a trial cut 4 s late, the refit shortened to 78 %
   * of its rows and the final fit on all rows skipped).
   */
  boolean pastCutoff(long now) {
    return now >= settings.deadline().hardEndMillis() || haveResult() && remaining(now) + grace() <= 0;
  }

  /**
   * When running trials will be cut off as things stand at {@code now}: the hard end or, once a
   * trial has a result, the end of the time that the trials so far leave the search plus the grace.
   */
  long cutoffAt(long now) {
    long hard = settings.deadline().hardEndMillis();
    return haveResult() ? Math.min(hard, now + remaining(now) + grace()) : hard;
  }

  /** A task-engine trial stops boosting this long (a quarter of its time at most) before the cut-off. */
  static final long STOP_MARGIN_MILLIS = 1_500;

  /**
   * When a task-engine trial starting at {@code start} stops boosting: a moment before the
   * cut-off, to measure its last fold and return before the watchdog cancels it.
   */
  long stopBoostingAt(long start) {
    long cutoff = cutoffAt(start);
    return cutoff - Math.min(STOP_MARGIN_MILLIS, Math.max(0, cutoff - start) / 4);
  }

  /**
   * Every half second, past the cut-off: cancels the fold preparation's group and every running
   * trial's, the first trial included (the run then ends with the best trial on fewer rows, or a
   * constant model). Future jobs of a group are cancelled too: a trial between two jobs must not
   * start a third.
   */
  void watch(SparkContext sc, String prefetchGroup, Set<String> running, Function<String, String> jobGroup) {
    Set<String> cut = ConcurrentHashMap.newKeySet();
    watchdog.scheduleAtFixedRate(() -> {
      if (!pastCutoff(System.currentTimeMillis())) {
        return;
      }
      if (cut.add(prefetchGroup)) {
        sc.cancelJobGroupAndFutureJobs(prefetchGroup, "the search budget is spent");
      }
      for (String id : running) {
        if (cut.add(id)) {
          LOG.info("Budget reached: cancelling trial {}", id);
          sc.cancelJobGroupAndFutureJobs(jobGroup.apply(id), "the search budget is spent");
        }
      }
    }, 500, 500, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
