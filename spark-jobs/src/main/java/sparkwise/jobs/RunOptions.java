package sparkwise.jobs;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that train a model ({@code train}, {@code retrain}). */
final class RunOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML job config (see conf/example.yaml).")
  Path config;

  @Option(names = "--budget", paramLabel = "DURATION", description = "Wall-clock budget, e.g. 90s, 10m, 1h (default 10m).")
  String budget;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default 42).")
  Long seed;

  @Option(names = "--run-id", paramLabel = "ID", description = "Name of the run (default: time stamp + random suffix).")
  String runId;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the run summary as JSON here.")
  String summaryJson;

  /** A run id names a folder and a table key: letters, digits, '_', '.' or '-'. */
  static void requireId(String option, String id) {
    if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
      throw sparkwise.Errors.config(option, "must be letters, digits, '_', '.' or '-', got '" + id + "'");
    }
  }
}
