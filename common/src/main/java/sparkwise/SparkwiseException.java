package sparkwise;

/**
 * The root of every error Sparkwise raises on purpose, one subclass per kind a caller branches on
 * (a launcher maps them to exit codes). Built only through {@link Errors}.
 */
public class SparkwiseException extends RuntimeException {
  private final Parameter parameter;
  private final String problem;

  SparkwiseException(String message, Throwable cause) {
    this(message, null, null, cause);
  }

  SparkwiseException(String message, Parameter parameter, String problem, Throwable cause) {
    super(message, cause);
    this.parameter = parameter;
    this.problem = problem;
  }

  /** The caller's parameter this error is about, when it is about one (then the message is its words, ": ", {@link #problem()}). */
  public java.util.Optional<Parameter> parameter() {
    return java.util.Optional.ofNullable(parameter);
  }

  /** What is wrong with {@link #parameter()}'s value, without its name. */
  public String problem() {
    return problem != null ? problem : getMessage();
  }

  /** A configuration or usage error: a field, option or value that is not allowed. */
  public static final class ConfigException extends SparkwiseException {
    ConfigException(String message, Throwable cause) {
      super(message, cause);
    }

    ConfigException(Parameter parameter, String problem) {
      super(parameter.words() + ": " + problem, parameter, problem, null);
    }
  }

  /** Bad input data: a missing file or column, an empty table, an unusable label, schema drift. */
  public static final class DataException extends SparkwiseException {
    DataException(String message, Throwable cause) {
      super(message, cause);
    }

    DataException(Parameter parameter, String problem) {
      super(parameter.words() + ": " + problem, parameter, problem, null);
    }
  }

  /** A concurrent change won (registry); nothing was half-written. */
  public static final class ConflictException extends SparkwiseException {
    ConflictException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A monitoring alert: drift over its threshold. */
  public static final class AlertException extends SparkwiseException {
    AlertException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An output or storage failure: an unwritable path, a failed Delta commit. */
  public static final class StorageException extends SparkwiseException {
    StorageException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A bug: something that should not happen whatever the input. */
  public static final class InternalException extends SparkwiseException {
    InternalException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
