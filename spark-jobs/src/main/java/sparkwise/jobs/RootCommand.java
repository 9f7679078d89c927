package sparkwise.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "sparkwise",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Batch AutoML on Apache Spark.",
    subcommands = {
      TrainCommand.class, ScoreCommand.class, EvaluateCommand.class, MonitorCommand.class, ModelsCommand.class, RunsCommand.class,
      ProfileCommand.class, ReportCommand.class, DemoCommand.class, RetrainCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error (a bug; details in the log)",
      "2:bad usage or configuration",
      "3:bad input data",
      "4:registry conflict",
      "5:monitoring alert",
      "6:output or storage failure"
    })
final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
