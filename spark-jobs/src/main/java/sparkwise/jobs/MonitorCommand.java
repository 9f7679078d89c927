package sparkwise.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.MonitorResult;
import sparkwise.Sparkwise;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.DriftCheck;
import sparkwise.monitoring.MonitorFlow;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Data drift of a table against the model's training data (PSI, KS, new categories, null "
        + "rates) and, with --label, the model's metric against its training holdout.",
        "Exit 5 when any check is over its threshold; every check is appended to the monitoring table."})
final class MonitorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "REF",
      description = "NAME@ALIAS, NAME:VERSION (registry) or a model folder path.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "SRC", description = "The table to check.")
  String data;

  @Option(names = "--label", paramLabel = "COL", description = "The label column, to check the model's metric too.")
  String label;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config whose monitoring: section sets thresholds.")
  Path config;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write every check as JSON here.")
  String json;

  @Override
  public Integer call() {
    TrainConfig.Monitoring thresholds = ConfigLoader.load(config, ConfigOverrides.none()).monitoring();
    MonitorResult r = Sparkwise.monitor(SparkSessions.get(), common.warehouse, model, data, label, thresholds);
    report(r);
    MonitorFlow.alert(r).ifPresent(e -> {
      throw e;
    });
    return 0;
  }

  private void report(MonitorResult r) {
    String id = r.id();
    long rows = r.rows();
    List<DriftCheck> checks = r.checks();
    var out = spec.commandLine().getOut();
    out.printf("monitor %s: %s (%d rows) against %s%n", id, data, rows, model);
    TextTable t = new TextTable("feature", "check", "value", "threshold", "");
    for (DriftCheck c : checks) {
      if (c.alert() || !common.quiet) {
        t.row(c.feature(), c.check(), String.format("%.4f", c.value()), String.format("%.4f", c.threshold()),
            c.alert() ? "ALERT" : "ok");
      }
    }
    t.print(out);
    if (json != null) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("monitor_id", id);
      root.put("rows", rows);
      root.put("alert", r.alert());
      ArrayNode arr = root.putArray("checks");
      for (DriftCheck c : checks) {
        arr.addObject().put("feature", c.feature()).put("check", c.check()).put("value", c.value())
            .put("threshold", c.threshold()).put("alert", c.alert());
      }
      Outputs.writeJson(json, root.toPrettyString());
    }
  }
}
