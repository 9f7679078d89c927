package sparkwise.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import sparkwise.Errors;
import sparkwise.MonitorResult;
import sparkwise.TrainConfig;
import sparkwise.data.DataSource;
import sparkwise.data.LoadedTable;
import sparkwise.data.TableRef;
import sparkwise.evaluation.Metric;
import sparkwise.models.SavedModel;
import sparkwise.registry.ResolvedModel;
import sparkwise.tracking.UsageLog;
import sparkwise.DriftCheck;

/**
 * A monitoring run: a table's drift against the model's training baseline (PSI, KS, new
 * categories, null rates) and, with a label, the model's metric against its training holdout;
 * every check appended to the warehouse's {@code monitoring} table.
 */
public final class MonitorFlow {
  private MonitorFlow() {}

  /** {@code label}: the table's label column, or null to check drift only. */
  public static MonitorResult run(SparkSession spark, String warehouse, String modelRef, String input, String label,
      TrainConfig.Monitoring thresholds) {
    ResolvedModel resolved = ResolvedModel.resolve(spark, warehouse, modelRef);
    SavedModel m = resolved.model();
    Baseline training = Baseline.fromJson(m.path() + "/" + Baseline.FILE, m.sidecar(Baseline.FILE).orElseThrow(
        () -> Errors.data(m.path(), "has no drift baseline (" + Baseline.FILE + "); retrain it with this version")));
    LoadedTable table = DataSource.read(spark, TableRef.parse(sparkwise.Parameter.DATA, input));
    m.guard().transformSchema(table.data().schema());
    Baseline current = Histograms.measure(m.guard().transform(table.data()), training);
    if (current.rows() == 0) {
      throw Errors.data(input, "is empty: there is nothing to monitor");
    }
    List<DriftCheck> checks = new ArrayList<>(DriftMonitor.compare(training, current, thresholds));
    if (label != null) {
      checks.add(metricCheck(m, table, label, thresholds));
    }
    String id = UUID.randomUUID().toString();
    List<UsageLog.Check> rows = checks.stream().map(c -> new UsageLog.Check(c.feature(), c.check(), finite(c.value()),
        finite(c.threshold()), c.alert())).toList();
    new UsageLog(spark, warehouse).recordMonitoring(id, new Timestamp(System.currentTimeMillis()),
        resolved.use(table.info()), current.rows(), rows);
    return new MonitorResult(id, current.rows(), resolved.describe(), training.features().size(), checks);
  }

  /**
   * The alert a run with checks over their thresholds raises: which features drifted, by which
   * checks and how far; empty when every check is within its threshold.
   */
  public static java.util.Optional<sparkwise.SparkwiseException> alert(MonitorResult r) {
    Map<String, List<String>> alerts = new LinkedHashMap<>();
    for (DriftCheck c : r.checks()) {
      if (c.alert()) {
        alerts.computeIfAbsent(c.feature(), f -> new ArrayList<>())
            .add(String.format("%s %.3f > %.3f", c.check(), c.value(), c.threshold()));
      }
    }
    if (alerts.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    alerts.forEach((f, cs) -> parts.add(f + " (" + String.join(", ", cs) + ")"));
    return java.util.Optional.of(Errors.alert(r.model(), "drift in " + alerts.size() + " of " + r.features()
        + " features over thresholds: " + String.join("; ", parts)));
  }

  /** The model's optimised metric on the labelled table against its training holdout. */
  private static DriftCheck metricCheck(SavedModel m, LoadedTable table, String label, TrainConfig.Monitoring t) {
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

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
