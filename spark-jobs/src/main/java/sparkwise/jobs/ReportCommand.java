package sparkwise.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.report.Reports;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "(Re)write the HTML report of a completed run under <warehouse>/reports/ and print its path.")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run (see `runs list`).")
  String runId;

  @Override
  public Integer call() {
    String path = Reports.write(SparkSessions.get(), common.warehouse, runId);
    spec.commandLine().getOut().println(path);
    return 0;
  }
}
