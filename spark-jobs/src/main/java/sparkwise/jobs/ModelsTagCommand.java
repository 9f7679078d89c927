package sparkwise.jobs;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.registry.ModelRef;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;

@Command(name = "tag", mixinStandardHelpOptions = true, description = "Add or change tags of a version.")
final class ModelsTagCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME:VERSION", description = "The version to tag.")
  String ref;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "Tags to set.")
  Map<String, String> tags;

  @Override
  public Integer call() {
    ModelRef r = ModelRef.parseVersion("NAME:VERSION", ref);
    ModelVersion v = new ModelRegistry(SparkSessions.get(), common.warehouse).tag(r.name(), r.version(), tags);
    spec.commandLine().getOut().println(v.ref() + " tags: " + v.tags());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
