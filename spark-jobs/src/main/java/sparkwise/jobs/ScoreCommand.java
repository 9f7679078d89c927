package sparkwise.jobs;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.data.LoadedTable;
import sparkwise.models.SavedModel;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Batch predictions with a saved model; the input is checked against the training schema.")
final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "REF", description = "A model folder path.")
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
    SavedModel m = SavedModel.load(model);
    LoadedTable table = Inputs.read(spark, "--data", data);
    Dataset<Row> scored = m.score(table.data());
    Outputs.writeTable(spark, scored, output, mode == WriteMode.overwrite);
    long rows = spark.read().format(output.endsWith(".csv") ? "csv" : output.endsWith(".parquet") ? "parquet" : "delta")
        .option("header", "true").load(output).count();
    spec.commandLine().getOut().printf("scored %d rows with %s into %s%n", rows, model, output);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
