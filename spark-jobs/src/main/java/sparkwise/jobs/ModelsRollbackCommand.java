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

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Move an alias back to the version it pointed at before its latest promotion.")
final class ModelsRollbackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
  String name;

  @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias to move back.")
  String alias;

  @Override
  public Integer call() {
    ModelRef.requireName("NAME", name);
    AliasMove m = new ModelRegistry(SparkSessions.get(), common.warehouse).rollback(name, alias);
    spec.commandLine().getOut().println(m.changed() ? m.describe() + " (move " + m.seq() + ")" : m.describe());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
