package sparkwise.train;

import org.apache.spark.sql.SparkSession;
import sparkwise.Progress;
import sparkwise.TrainOptions;
import sparkwise.config.TrainConfig;
import sparkwise.tracking.DeltaTracker;

/** What every phase of one run shares: the session, the resolved config and options, the clock. */
record RunContext(SparkSession spark, TrainConfig cfg, TrainOptions opts, String runId, DeltaTracker tracker,
    RunClock clock) {

  Progress progress() {
    return opts.progress();
  }

  String warehouse() {
    return opts.warehouse();
  }
}
