package sparkwise.train;

import sparkwise.Errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import sparkwise.Parameter;
import sparkwise.TrainConfig;
import sparkwise.InputInfo;

/**
 * Refuses to resume a run with other data or another config: the finished trials would not be
 * comparable with new ones. The budget may change (a resumed run may be given more time).
 */
final class ResumeCheck {
  private ResumeCheck() {}

  static void requireSameRun(String runId, Row prior, TrainConfig cfg, InputInfo input) {
    List<String> changes = new ArrayList<>();
    try {
      ObjectMapper m = new ObjectMapper();
      ObjectNode before = (ObjectNode) m.readTree(prior.<String>getAs("config_json"));
      ObjectNode now = (ObjectNode) m.readTree(cfg.toJson());
      for (ObjectNode n : List.of(before, now)) {
        n.remove("budget");
        n.remove("monitoring");
      }
      diff("", before, now, changes);
    } catch (IOException | RuntimeException e) {
      throw Errors.config(Parameter.RESUME, "run '" + runId + "' has no readable config to compare with ("
          + Errors.firstLine(e) + ")");
    }
    if (!changes.isEmpty()) {
      throw Errors.config(Parameter.CONFIG, "differs from the config of run '" + runId + "' (" + String.join("; ", changes)
          + "); resume with the same config, or start a new run");
    }
    compare(changes, "path", prior.getAs("input_path"), input.path());
    compare(changes, "format", prior.getAs("input_format"), input.format());
    compare(changes, "Delta version", prior.getAs("input_delta_version"), input.deltaVersion());
    String fingerprint = prior.getAs("input_fingerprint");
    if (fingerprint != null && input.fingerprint() != null && !fingerprint.equals(input.fingerprint())) {
      changes.add("the files changed (size or modification time) since the run started");
    }
    if (!changes.isEmpty()) {
      throw Errors.config(Parameter.DATA, "is not the input of run '" + runId + "' (" + String.join("; ", changes)
          + "); resume with the same data, or start a new run");
    }
  }

  private static void compare(List<String> changes, String what, Object before, Object now) {
    if (!Objects.equals(before, now)) {
      changes.add(what + " was " + before + ", now " + now);
    }
  }

  private static void diff(String prefix, JsonNode a, JsonNode b, List<String> out) {
    if (a.isObject() && b.isObject()) {
      java.util.TreeSet<String> keys = new java.util.TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        JsonNode x = a.path(k);
        JsonNode y = b.path(k);
        diff(prefix.isEmpty() ? k : prefix + "." + k, x, y, out);
      }
    } else if (!a.equals(b)) {
      out.add(prefix + " was " + (a.isMissingNode() ? "unset" : a) + ", now " + (b.isMissingNode() ? "unset" : b));
    }
  }

}
