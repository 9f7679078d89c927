package sparkwise.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Peak memory of this JVM (in local mode the driver and the executor are one process) while a
 * piece of work runs, sampled every 200 ms: the heap still live after the last collection (the
 * old generation's post-GC usage plus the young pools'), the heap in use including garbage, the
 * process's resident set (heap plus native memory such as XGBoost's matrices, from
 * {@code /proc/self/status}), and Spark's largest per-task peak execution memory (executor side).
 */
final class PeakMemory {
  record Peaks(double liveHeapGiB, double heapUsedGiB, double rssGiB, double taskExecutionGiB) {}

  private static final double GIB = 1024.0 * 1024 * 1024;
  private final AtomicLong live = new AtomicLong();
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong rss = new AtomicLong();
  private final AtomicLong task = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private PeakMemory(SparkSession spark) {
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          task.accumulateAndGet(end.taskMetrics().peakExecutionMemory(), Math::max);
        }
      }
    });
    sampler = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "peak-memory");
    sampler.setDaemon(true);
  }

  static PeakMemory start(SparkSession spark) {
    PeakMemory m = new PeakMemory(spark);
    m.sampler.start();
    return m;
  }

  Peaks stop() throws InterruptedException {
    running = false;
    sampler.join();
    sample();
    return new Peaks(live.get() / GIB, used.get() / GIB, rss.get() / GIB, task.get() / GIB);
  }

  private void sample() {
    long afterGc = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
        afterGc += p.getCollectionUsage().getUsed();
      }
    }
    live.accumulateAndGet(afterGc, Math::max);
    used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    rss.accumulateAndGet(vmKiB("VmRSS") * 1024, Math::max);
  }

  private static long vmKiB(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
