package sparkwise.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import sparkwise.data.PausePoints;
import sparkwise.TrialResult;

/**
 * Records a run's finished trials off the search's path: trials are queued and written by one
 * background thread, all those that ended while the previous commit ran in one Delta commit. A
 * trial's 1–3 s commit then no longer holds up the next trial. Each trial's {@code recorded}
 * action (the progress line) runs once its commit has landed, so what is reported is on disk.
 * {@link #flush()} waits until every queued trial is written; a failed write, or a failing action,
 * is rethrown by the next {@link #add} or {@link #flush}. A driver that dies loses at most the
 * trials still queued, which a resumed run runs again. The first commit waits for {@code after}
 * (the run's own first row, written meanwhile), so a trial row never precedes its run's row.
 */
public final class TrialWriter implements AutoCloseable {
  private final SparkSession spark;
  private final DeltaTracker tracker;
  private final String runId;
  private final String metric;
  private final ExecutorService thread;
  private final List<Queued> queued = new ArrayList<>();
  private boolean draining;
  private RuntimeException failure;
  private boolean failureThrown;
  private CompletableFuture<?> after;

  public TrialWriter(SparkSession spark, DeltaTracker tracker, String runId, String metric,
      CompletableFuture<?> after) {
    this.after = after;
    this.spark = spark;
    this.tracker = tracker;
    this.runId = runId;
    this.metric = metric;
    this.thread = Executors.newSingleThreadExecutor(sparkwise.data.SideBySide.daemonThreads("sparkwise-trial-writer"));
  }

  private record Queued(TrialResult trial, Runnable recorded) {}

  /**
   * Queues a finished trial, and {@code recorded} to run once it is written; throws if an earlier
   * write failed (the run can no longer be recorded).
   */
  public synchronized void add(TrialResult trial, Runnable recorded) {
    throwIfFailed();
    queued.add(new Queued(trial, recorded));
    if (!draining) {
      draining = true;
      thread.execute(this::drain);
    }
  }

  /** Waits until every queued trial is written; rethrows a failed write. */
  public synchronized void flush() {
    while (draining && failure == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw sparkwise.Errors.internal("recording trials", e);
      }
    }
    throwIfFailed();
  }

  /** Waits for the queued writes; throws a failed write unless it was thrown already. */
  @Override
  public void close() {
    try {
      synchronized (this) {
        if (failureThrown) {
          return;
        }
      }
      flush();
    } finally {
      thread.shutdown();
      try {
        thread.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void throwIfFailed() {
    if (failure != null) {
      failureThrown = true;
      throw failure;
    }
  }

  /** On the writer's thread only; a failure of {@code after} is this writer's failure. */
  private void awaitAfter() {
    if (after == null) {
      return;
    }
    try {
      after.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
    after = null;
  }

  private void drain() {
    // Threads inherit Spark's local properties: this one must not belong to a trial's job group,
    // which the budget's watchdog cancels.
    spark.sparkContext().clearJobGroup();
    spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
    while (true) {
      List<Queued> batch;
      synchronized (this) {
        if (queued.isEmpty() || failure != null) {
          draining = false;
          notifyAll();
          return;
        }
        batch = List.copyOf(queued);
        queued.clear();
      }
      try {
        awaitAfter();
        PausePoints.reach(PausePoints.TRIAL_COMMIT);
        tracker.recordTrials(runId, metric, batch.stream().map(Queued::trial).toList());
        batch.forEach(q -> q.recorded().run());
      } catch (RuntimeException e) {
        synchronized (this) {
          failure = e;
        }
      }
    }
  }
}
