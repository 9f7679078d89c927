package sparkwise.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.Errors;
import sparkwise.config.ConfigLoader;
import sparkwise.config.ConfigOverrides;
import sparkwise.config.TrainConfig;
import sparkwise.data.LoadedTable;
import sparkwise.evaluation.Metric;
import sparkwise.models.SavedModel;
import sparkwise.monitoring.Baseline;
import sparkwise.monitoring.DriftCheck;
import sparkwise.monitoring.DriftMonitor;
import sparkwise.monitoring.Histograms;
import sparkwise.registry.ModelVersion;
import sparkwise.tracking.UsageLog;

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
    SparkSession spark = SparkSessions.get();
    ModelResolver resolved = ModelResolver.resolve(spark, common.warehouse, model);
    SavedModel m = resolved.model();
    Baseline training = Baseline.fromJson(m.path() + "/" + Baseline.FILE, m.sidecar(Baseline.FILE).orElseThrow(
        () -> Errors.data(m.path(), "has no drift baseline (" + Baseline.FILE + "); retrain it with this version")));
    LoadedTable table = Inputs.read(spark, "--data", data);
    m.guard().transformSchema(table.data().schema());
    Baseline current = Histograms.measure(m.guard().transform(table.data()), training);
    if (current.rows() == 0) {
      throw Errors.data(data, "is empty: there is nothing to monitor");
    }
    List<DriftCheck> checks = new ArrayList<>(DriftMonitor.compare(training, current, thresholds));
    if (label != null) {
      checks.add(metricCheck(m, table, thresholds));
    }
    String id = UUID.randomUUID().toString();
    record(spark, id, resolved, table, current.rows(), checks);
    report(id, current.rows(), checks);
    Map<String, List<String>> alerts = new LinkedHashMap<>();
    for (DriftCheck c : checks) {
      if (c.alert()) {
        alerts.computeIfAbsent(c.feature(), f -> new ArrayList<>())
            .add(String.format("%s %.3f > %.3f", c.check(), c.value(), c.threshold()));
      }
    }
    if (!alerts.isEmpty()) {
      List<String> parts = new ArrayList<>();
      alerts.forEach((f, cs) -> parts.add(f + " (" + String.join(", ", cs) + ")"));
      throw Errors.alert(resolved.describe(), "drift in " + alerts.size() + " of " + training.features().size()
          + " features over thresholds: " + String.join("; ", parts));
    }
    return 0;
  }

  /** The model's optimised metric on the labelled table against its training holdout. */
  private DriftCheck metricCheck(SavedModel m, LoadedTable table, TrainConfig.Monitoring t) {
    JsonNode summary = readSummary(m);
    Metric metric = Metric.resolve(summary.get("metric").asText(), m.task());
    double trained = summary.get("holdout").get(metric.id()).asDouble();
    double now = m.evaluate(table.data(), label).get(metric.id());
    double limit = metric.largerIsBetter() ? trained - Math.abs(trained) * t.metricDrop()
        : trained + Math.abs(trained) * t.metricDrop();
    boolean alert = metric.largerIsBetter() ? now < limit : now > limit;
    return new DriftCheck("(model)", DriftCheck.METRIC + ":" + metric.id(), now, limit, alert);
  }

  private static JsonNode readSummary(SavedModel m) {
    String text = m.sidecar("sparkwise-summary.json")
        .orElseThrow(() -> Errors.data(m.path(), "has no sparkwise-summary.json: its training metric is unknown"));
    try {
      return new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw Errors.data(m.path() + "/sparkwise-summary.json", "is not valid JSON");
    }
  }

  private void record(SparkSession spark, String id, ModelResolver r, LoadedTable table, long rows,
      List<DriftCheck> checks) {
    UsageLog.Use use = new UsageLog.Use(r.version().map(ModelVersion::name).orElse(null),
        r.version().map(ModelVersion::version).orElse(null), r.model().path(), table.info().path(),
        table.info().deltaVersion());
    List<UsageLog.Check> out = checks.stream().map(c -> new UsageLog.Check(c.feature(), c.check(), finite(c.value()),
        finite(c.threshold()), c.alert())).toList();
    new UsageLog(spark, common.warehouse).recordMonitoring(id, new Timestamp(System.currentTimeMillis()), use, rows, out);
  }

  private void report(String id, long rows, List<DriftCheck> checks) {
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
      root.put("alert", checks.stream().anyMatch(DriftCheck::alert));
      ArrayNode arr = root.putArray("checks");
      for (DriftCheck c : checks) {
        arr.addObject().put("feature", c.feature()).put("check", c.check()).put("value", c.value())
            .put("threshold", c.threshold()).put("alert", c.alert());
      }
      Outputs.writeJson(json, root.toPrettyString());
    }
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
