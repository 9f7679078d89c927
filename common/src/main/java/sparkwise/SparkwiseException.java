package sparkwise;

/** The root of every error Sparkwise raises on purpose. Built only through {@link Errors}. */
public class SparkwiseException extends RuntimeException {
  private final ExitCode exitCode;

  SparkwiseException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI reports for this error (see CONTRACT.md). */
  public ExitCode exitCode() {
    return exitCode;
  }
}
