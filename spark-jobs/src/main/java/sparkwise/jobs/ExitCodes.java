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
      boolean json = jsonLogs(parsed);
      SparkwiseException s = find(ex);
      if (s != null) {
        LOG.error("{} failed: {}", cl.getCommandName(), s.getMessage(), s);
        String kind = s.exitCode() == ExitCode.ALERT ? "alert" : "error";
        err.println(json ? event(kind, s.exitCode().code(), s.getMessage()) : kind + ": " + s.getMessage());
        err.flush();
        return s.exitCode().code();
      }
      LOG.error("{} failed with an internal error", cl.getCommandName(), ex);
      String message = sparkwise.Errors.firstLine(ex) + " (a bug; the stack trace is in " + Logs.location() + ")";
      err.println(json ? event("internal_error", ExitCode.INTERNAL.code(), message) : "internal error: " + message);
      err.flush();
      return ExitCode.INTERNAL.code();
    }

    /** Whether the command ran with {@code --log-format json}: errors then come as a JSON line too. */
    private static boolean jsonLogs(ParseResult parsed) {
      for (ParseResult p = parsed; p != null; p = p.subcommand()) {
        if (p.hasMatchedOption("--log-format") && "json".equals(String.valueOf(
            (Object) p.matchedOptionValue("--log-format", null)))) {
          return true;
        }
      }
      return false;
    }

    private static String event(String kind, int exitCode, String message) {
      return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
          .put("ts", java.time.Instant.now().toString()).put("event", kind).put("exit_code", exitCode)
          .put("message", message).toString();
    }
  }
}
