package sparkwise.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Registered models, their latest version and aliases.")
final class ModelsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ModelRegistry registry = new ModelRegistry(SparkSessions.get(), common.warehouse);
    TextTable t = new TextTable("name", "versions", "latest", "task", "metric", "cv", "aliases");
    for (String name : registry.names()) {
      List<ModelVersion> vs = registry.versions(name);
      ModelVersion latest = vs.get(vs.size() - 1);
      Map<String, Long> aliases = registry.currentAliases(name);
      StringBuilder a = new StringBuilder();
      aliases.forEach((k, v) -> a.append(a.length() == 0 ? "" : ", ").append(k).append("=v").append(v));
      t.row(name, vs.size(), "v" + latest.version(), latest.task(), latest.metric(),
          latest.cvMean() == null ? null : String.format("%.4f", latest.cvMean()), a.length() == 0 ? "-" : a);
    }
    if (t.size() == 0) {
      spec.commandLine().getOut().println("no registered models under " + common.warehouse);
      spec.commandLine().getOut().flush();
    } else {
      t.print(spec.commandLine().getOut());
    }
    return 0;
  }
}
