package sparkwise;

/** Exit codes of the CLI, as documented in CONTRACT.md. Numbers never change. */
public enum ExitCode {
  OK(0, "success"),
  INTERNAL(1, "internal error (a bug; details in the log)"),
  USAGE(2, "bad usage or configuration"),
  DATA(3, "bad input data"),
  CONFLICT(4, "registry conflict"),
  ALERT(5, "monitoring alert"),
  STORAGE(6, "output or storage failure");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
