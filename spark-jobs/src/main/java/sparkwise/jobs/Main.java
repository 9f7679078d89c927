package sparkwise.jobs;

import picocli.CommandLine;

/** The entry point of {@code scripts/sparkwise} and {@code spark-submit --class sparkwise.jobs.Main}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
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
