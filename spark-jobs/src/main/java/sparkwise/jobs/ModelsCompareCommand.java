package sparkwise.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.registry.ModelRef;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;

@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Two versions side by side: metrics, model and params, features, training data and lineage.")
final class ModelsCompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME:V1", description = "The first version.")
  String first;

  @Parameters(index = "1", paramLabel = "NAME:V2", description = "The second version.")
  String second;

  @Override
  public Integer call() {
    ModelRegistry registry = new ModelRegistry(SparkSessions.get(), common.warehouse);
    ModelRef r1 = ModelRef.parseVersion("NAME:V1", first);
    ModelRef r2 = ModelRef.parseVersion("NAME:V2", second);
    ModelVersion a = registry.require(r1.name(), r1.version());
    ModelVersion b = registry.require(r2.name(), r2.version());
    TextTable t = new TextTable("", a.ref(), b.ref(), "");
    row(t, "registered", a.registeredAt(), b.registeredAt());
    row(t, "run", a.runId(), b.runId());
    row(t, "task", a.task(), b.task());
    row(t, "label", a.label(), b.label());
    row(t, "model", a.bestModel(), b.bestModel());
    row(t, "cv " + a.metric(), fmt(a.cvMean()), fmt(b.cvMean()));
    JsonNode ha = json(a.holdoutJson());
    JsonNode hb = json(b.holdoutJson());
    TreeSet<String> keys = new TreeSet<>();
    ha.fieldNames().forEachRemaining(keys::add);
    hb.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      row(t, "holdout " + k, ha.has(k) ? fmt(ha.get(k).asDouble()) : null, hb.has(k) ? fmt(hb.get(k).asDouble()) : null);
    }
    JsonNode pa = json(a.paramsJson());
    JsonNode pb = json(b.paramsJson());
    TreeSet<String> params = new TreeSet<>();
    pa.fieldNames().forEachRemaining(params::add);
    pb.fieldNames().forEachRemaining(params::add);
    for (String k : params) {
      row(t, "param " + k, pa.has(k) ? pa.get(k).asText() : null, pb.has(k) ? pb.get(k).asText() : null);
    }
    row(t, "features", a.features().size(), b.features().size());
    List<String> onlyA = new ArrayList<>(a.features());
    onlyA.removeAll(b.features());
    List<String> onlyB = new ArrayList<>(b.features());
    onlyB.removeAll(a.features());
    if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
      row(t, "features only here", onlyA, onlyB);
    }
    row(t, "training data", a.inputPath(), b.inputPath());
    row(t, "data format", a.inputFormat(), b.inputFormat());
    row(t, "data delta version", a.inputDeltaVersion(), b.inputDeltaVersion());
    row(t, "config hash", a.configHash(), b.configHash());
    row(t, "seed", a.seed(), b.seed());
    row(t, "sparkwise", a.sparkwiseVersion(), b.sparkwiseVersion());
    row(t, "spark", a.sparkVersion(), b.sparkVersion());
    row(t, "java", a.javaVersion(), b.javaVersion());
    row(t, "tags", a.tags(), b.tags());
    row(t, "path", a.modelPath(), b.modelPath());
    t.print(spec.commandLine().getOut());
    return 0;
  }

  private static void row(TextTable t, String what, Object x, Object y) {
    String sx = x == null ? "-" : String.valueOf(x);
    String sy = y == null ? "-" : String.valueOf(y);
    t.row(what, sx, sy, sx.equals(sy) ? "" : "*");
  }

  private static String fmt(Double d) {
    return d == null ? null : String.format("%.4f", d);
  }

  private static JsonNode json(String text) {
    try {
      return text == null ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      return new ObjectMapper().createObjectNode();
    }
  }
}
