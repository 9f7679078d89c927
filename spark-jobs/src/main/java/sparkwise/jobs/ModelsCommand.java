package sparkwise.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "The model registry: versions, aliases, promotion, rollback, comparison.",
    subcommands = {ModelsListCommand.class, ModelsHistoryCommand.class, ModelsPromoteCommand.class,
        ModelsRollbackCommand.class, ModelsCompareCommand.class, ModelsTagCommand.class})
final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required: list, history, promote, rollback, compare or tag");
  }
}
