package sparkwise;

/**
 * The parameters a caller passes beside the config (the API's arguments; a launcher's options):
 * errors about one name it, so that each launcher can show it under its own spelling (the CLI's
 * {@code --run-id}, a notebook's {@code runId}) while the library knows no launcher.
 */
public enum Parameter {
  LABEL("label"),
  BUDGET("budget"),
  SEED("seed"),
  DATA("data"),
  CONFIG("config"),
  RUN_ID("run id"),
  RESUME("resume"),
  REGISTER("register"),
  ALIAS("alias"),
  MODEL("model"),
  RUN("run"),
  OUTPUT("output");

  private final String words;

  Parameter(String words) {
    this.words = words;
  }

  /** The parameter in words, as the library's own messages name it. */
  public String words() {
    return words;
  }
}
