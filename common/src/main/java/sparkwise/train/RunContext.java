package sparkwise.train;

import org.apache.spark.sql.SparkSession;
import sparkwise.Progress;
import sparkwise.TrainOptions;
import sparkwise.TrainConfig;
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

  /**
   * Whether the warehouse is a local folder written through {@link sparkwise.data.LocalFiles}:
   * its saves and Delta commits take about half as long (see {@link PhaseEstimates#save}).
   */
  boolean quickStorage() {
    return sparkwise.data.LocalFiles.serves(warehouse(), spark.sparkContext().hadoopConfiguration());
  }
}
