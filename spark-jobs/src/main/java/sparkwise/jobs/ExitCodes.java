package sparkwise.jobs;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import sparkwise.Parameter;
import sparkwise.SparkwiseException;

/**
 * The one place where errors become exit codes (CONTRACT.md; numbers never change) and one-line
 * messages (no stack traces). The library's exceptions say what kind of error they are; only the
 * CLI knows the numbers.
 */
final class ExitCodes {
  private static final Logger LOG = LoggerFactory.getLogger(ExitCodes.class);
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int USAGE = 2;
  static final int DATA = 3;
  static final int CONFLICT = 4;
  static final int ALERT = 5;
  static final int STORAGE = 6;

  private ExitCodes() {}

  static int of(Throwable t) {
    SparkwiseException s = find(t);
    return s != null ? code(s) : INTERNAL;
  }

  static int code(SparkwiseException s) {
    if (s instanceof SparkwiseException.ConfigException) {
      return USAGE;
    } else if (s instanceof SparkwiseException.DataException) {
      return DATA;
    } else if (s instanceof SparkwiseException.ConflictException) {
      return CONFLICT;
    } else if (s instanceof SparkwiseException.AlertException) {
      return ALERT;
    } else if (s instanceof SparkwiseException.StorageException) {
      return STORAGE;
    }
    return INTERNAL;
  }

  /** The error's message, a caller's parameter named as this CLI's option (the library names it in words). */
  static String message(SparkwiseException s) {
    return s.parameter().map(p -> option(p) + ": " + s.problem()).orElse(s.getMessage());
  }

  static String option(Parameter p) {
    return switch (p) {
      case LABEL -> "--label";
      case BUDGET -> "--budget";
      case SEED -> "--seed";
      case DATA -> "--data";
      case CONFIG -> "--config";
      case RUN_ID -> "--run-id";
      case RESUME -> "--resume";
      case REGISTER -> "--register";
      case ALIAS -> "--alias";
      case MODEL -> "--model";
      case RUN -> "--run";
      case OUTPUT -> "--output";
    };
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
      return USAGE;
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
        String message = message(s);
        LOG.error("{} failed: {}", cl.getCommandName(), message, s);
        String kind = s instanceof SparkwiseException.AlertException ? "alert" : "error";
        err.println(json ? event(kind, code(s), message) : kind + ": " + message);
        err.flush();
        return code(s);
      }
      LOG.error("{} failed with an internal error", cl.getCommandName(), ex);
      String message = sparkwise.Errors.firstLine(ex) + " (a bug; the stack trace is in " + Logs.location() + ")";
      err.println(json ? event("internal_error", INTERNAL, message) : "internal error: " + message);
      err.flush();
      return INTERNAL;
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
