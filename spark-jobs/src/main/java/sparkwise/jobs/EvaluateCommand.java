package sparkwise.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.data.LoadedTable;
import sparkwise.models.SavedModel;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "A saved model's metrics on a labelled table (the same keys as the train summary's holdout).")
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "REF", description = "NAME@ALIAS, NAME:VERSION (registry) or a model folder path.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "SRC", description = "A labelled table.")
  String data;

  @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column.")
  String label;

  @Option(names = "--metrics-json", paramLabel = "FILE", description = "Also write the metrics here as JSON.")
  String metricsJson;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.get();
    SavedModel m = sparkwise.registry.ResolvedModel.resolve(spark, common.warehouse, model).model();
    LoadedTable table = Inputs.read(spark, "--data", data);
    Map<String, Double> metrics = m.evaluate(table.data(), label);
    ObjectNode json = new ObjectMapper().createObjectNode();
    metrics.forEach(json::put);
    if (metricsJson != null) {
      Outputs.writeJson(metricsJson, json.toPrettyString());
    }
    spec.commandLine().getOut().println(json.toPrettyString());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
