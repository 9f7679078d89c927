package sparkwise.jobs;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.Errors;
import sparkwise.ScoreResult;
import sparkwise.Sparkwise;
import sparkwise.data.TableWriter;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Batch predictions with a saved or registered model; the input is checked against the "
        + "training schema before anything is written.")
final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "REF",
      description = "NAME@ALIAS, NAME:VERSION (registry) or a model folder path.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "SRC", description = "The table to score.")
  String data;

  @Option(names = "--output", required = true, paramLabel = "DST",
      description = "Where predictions go: Delta (default), or Parquet/CSV by a .parquet/.csv ending.")
  String output;

  @Option(names = "--mode", defaultValue = "error", paramLabel = "MODE",
      description = "error (default: refuse an existing output) or overwrite.")
  WriteMode mode;

  enum WriteMode { error, overwrite }

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.get();
    boolean overwrite = mode == WriteMode.overwrite;
    // Refused before anything loads, with this command's way out (the library's check names none).
    if (!overwrite && TableWriter.exists(spark, output)) {
      throw Errors.storage(output, "already exists; choose another output or pass --mode overwrite", null);
    }
    ScoreResult r = Sparkwise.score(spark, common.warehouse, model, data, output, overwrite);
    spec.commandLine().getOut().printf("scored %d rows with %s into %s%n", r.rows(), r.model(), r.output());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
