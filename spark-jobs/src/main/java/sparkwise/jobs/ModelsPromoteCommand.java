package sparkwise.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.registry.AliasMove;
import sparkwise.registry.ModelRef;
import sparkwise.registry.ModelRegistry;

@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Point an alias (e.g. champion) at a version. Exit 4 if concurrent changes keep winning.")
final class ModelsPromoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME:VERSION", description = "The version to promote.")
  String ref;

  @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias to move.")
  String alias;

  @Override
  public Integer call() {
    ModelRef r = ModelRef.parseVersion("NAME:VERSION", ref);
    AliasMove m = new ModelRegistry(SparkSessions.get(), common.warehouse).promote(r.name(), r.version(), alias);
    spec.commandLine().getOut().println(m.changed() ? m.describe() + " (move " + m.seq() + ")" : m.describe());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
