package sparkwise.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the CLI processes' class archive ({@link CliClassArchive}) is written from: the commands
 * those processes run, one after the other in one JVM (a registered train with an ensemble, a
 * promotion, a score of the alias), so that the classes each loads are in the archive.
 *
 * <p>Arguments: a CSV of the churn table (label {@code churned}) and a working folder.
 */
final class CliArchiveRun {
  private CliArchiveRun() {}

  public static void main(String[] args) throws IOException {
    String csv = args[0];
    Path work = Path.of(args[1]);
    String wh = work.resolve("wh").toString();
    Path cfg = work.resolve("run.yaml");
    Files.writeString(cfg, "search: {max_trials: 2, parallelism: 1}\nmodels: {include: [xgboost]}\n"
        + "ensemble: {max_members: 2}\nfinal_fit: train\n");
    int code = Main.commandLine().execute("train", "--data", csv, "--label", "churned", "--config", cfg.toString(),
        "--budget", "2m", "--seed", "5", "--warehouse", wh, "--register", "archive_model", "-q");
    if (code == 0) {
      code = Main.commandLine().execute("models", "promote", "archive_model:1", "--alias", "live", "--warehouse", wh);
    }
    if (code == 0) {
      code = Main.commandLine().execute("score", "--model", "archive_model@live", "--data", csv, "--output",
          work.resolve("scores").toString(), "--warehouse", wh);
    }
    SparkSessions.stop();
    System.exit(code);
  }
}
