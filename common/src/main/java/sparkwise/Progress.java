package sparkwise;

/** Where a run reports what it is doing. The CLI prints it to stderr; the API default is silent. */
public interface Progress {
  void phase(String message);

  default void trial(String message) {
    phase(message);
  }

  Progress SILENT = m -> { };
}
