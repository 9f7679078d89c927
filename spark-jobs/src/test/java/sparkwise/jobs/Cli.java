package sparkwise.jobs;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import sparkwise.testing.SharedSpark;

/** Runs the CLI in-process as a user would from a shell, capturing exit code, stdout and stderr. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    SparkSessions.use(SharedSpark.session());
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The error output has exactly one "error:" line and no stack trace. */
  boolean oneLineError() {
    return err.lines().filter(l -> l.startsWith("error:")).count() == 1 && !err.contains("\tat ")
        && !err.contains("Exception");
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
