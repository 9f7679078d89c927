package sparkwise.jobs;

import picocli.CommandLine;

/** The entry point of {@code scripts/sparkwise} and {@code spark-submit --class sparkwise.jobs.Main}. */
public final class Main {
  /**
   * When this process started (epoch millis), set when launched through {@link #main}: a run's
   * budget counts from here, so that {@code --budget} is the job's wall time. Null when the CLI is
   * called in-process (tests), where each command's own start counts.
   */
  static volatile Long processStartMillis;

  private Main() {}

  public static void main(String[] args) {
    processStartMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    int code = commandLine().execute(args);
    SparkSessions.stop();
    System.exit(code);
  }

  /** The configured CLI; tests call {@code execute} on it and assert codes and messages. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RootCommand());
    cl.setParameterExceptionHandler(new ExitCodes.UsageHandler());
    cl.setExecutionExceptionHandler(new ExitCodes.ErrorHandler());
    cl.setExitCodeExceptionMapper(ExitCodes::of);
    return cl;
  }
}
