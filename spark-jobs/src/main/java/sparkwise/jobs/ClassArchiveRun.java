package sparkwise.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;

/**
 * What the launcher's class archive (AppCDS) is written from: the commands users run most, one
 * after the other in one JVM, so that the classes each of them loads are in the archive. A train
 * run alone left out the scoring path (Delta input snapshots, generated code, the Delta output):
 * `score` of the demo loaded some 1,000 classes from the jars.
 *
 * <p>Arguments: a working folder holding {@code table.csv} to train on (label {@code y}) and
 * {@code score.csv} to score, with the same columns. Exits 0 when every command did.
 */
public final class ClassArchiveRun {
  private ClassArchiveRun() {}

  public static void main(String[] args) throws IOException {
    File work = new File(args[0]);
    String summary = new File(work, "summary.json").getPath();
    String warehouse = new File(work, "wh").getPath();
    String csvScores = new File(work, "scores").getPath();
    int code = Main.commandLine().execute("train", "--data", new File(work, "table.csv").getPath(), "--label", "y",
        "--budget", "40s", "--warehouse", warehouse, "--summary-json", summary, "-q");
    if (code == 0) {
      String model = new ObjectMapper().readTree(new File(summary)).path("model_path").asText();
      code = Main.commandLine().execute("score", "--model", model, "--data", new File(work, "score.csv").getPath(),
          "--output", csvScores, "--warehouse", warehouse);
      if (code == 0) { // and a Delta table as the input, as in the demo
        code = Main.commandLine().execute("score", "--model", model, "--data", csvScores,
            "--output", new File(work, "scores2").getPath(), "--warehouse", warehouse);
      }
    }
    SparkSessions.stop();
    System.exit(code);
  }
}
