package sparkwise.jobs;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import sparkwise.ExitCode;
import sparkwise.SparkwiseException;

/** The one place where errors become exit codes and one-line messages (no stack traces). */
final class ExitCodes {
  private static final Logger LOG = LoggerFactory.getLogger(ExitCodes.class);

  private ExitCodes() {}

  static int of(Throwable t) {
    SparkwiseException s = find(t);
    return s != null ? s.exitCode().code() : ExitCode.INTERNAL.code();
  }

  static SparkwiseException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SparkwiseException s) {
        return s;
      }
    }
    return null;
  }

  /** Unknown options, missing values: exit 2 with the message and a pointer to --help. */
  static final class UsageHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("error: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return ExitCode.USAGE.code();
    }
  }

  /** Sparkwise errors print their message; anything else is a bug: message plus the log's place. */
  static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
      PrintWriter err = cl.getErr();
      SparkwiseException s = find(ex);
      if (s != null) {
        LOG.error("{} failed: {}", cl.getCommandName(), s.getMessage(), s);
        err.println((s.exitCode() == ExitCode.ALERT ? "alert: " : "error: ") + s.getMessage());
        err.flush();
        return s.exitCode().code();
      }
      LOG.error("{} failed with an internal error", cl.getCommandName(), ex);
      err.println("internal error: " + sparkwise.Errors.firstLine(ex) + " (a bug; the stack trace is in "
          + Logs.location() + ")");
      err.flush();
      return ExitCode.INTERNAL.code();
    }
  }
}
