package sparkwise.jobs;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {
  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./sparkwise-warehouse",
      description = "Where Delta tables and models live (default: ${DEFAULT-VALUE}).")
  String warehouse;

  @Option(names = {"-q", "--quiet"}, description = "Print only results and errors.")
  boolean quiet;

  /** How progress lines are written on stderr. */
  enum LogFormat { text, json }

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Progress on stderr as text lines or one JSON object per line: ${COMPLETION-CANDIDATES} "
          + "(default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;
}
