package sparkwise.jobs;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.RetrainResult;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.data.LoadedTable;

@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Train on new data, warm-started from a registered model's run; register the candidate as the"
        + " model's next version and compare it with the alias holder on the same fresh holdout rows.",
        "With --promote-if-better the alias moves only when the candidate wins by the margin (exit 0 either way,"
        + " 4 when another change moved the alias meanwhile). Every decision is a row of retrain_decisions."})
final class RetrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RunOptions run;

  @Option(names = "--model", required = true, paramLabel = "NAME@ALIAS",
      description = "The registered model to retrain (NAME@ALIAS, or NAME:V without promotion).")
  String model;

  @Option(names = "--data", required = true, paramLabel = "SRC", description = "The new labelled table.")
  String data;

  @Option(names = "--label", paramLabel = "COL", description = "The label column (default: the model's).")
  String label;

  @Option(names = "--promote-if-better", paramLabel = "MARGIN",
      description = "Move the alias to the candidate when its holdout metric beats the holder's by more than MARGIN.")
  Double margin;


  @Override
  public Integer call() {
    TrainConfig cfg = ConfigLoader.load(run.config, new ConfigOverrides(label, run.budget, run.seed));
    RunOptions.requireId("--run-id", run.runId);
    if (margin != null && !Double.isFinite(margin)) {
      throw sparkwise.Errors.config("--promote-if-better", "must be a number, got " + margin);
    }
    SparkSession spark = SparkSessions.get();
    StderrProgress progress = new StderrProgress(spec.commandLine().getErr(), common);
    LoadedTable table = Inputs.read(spark, "--data", data, cfg.input().policy(), progress);
    TrainOptions options = new TrainOptions(common.warehouse, run.runId, table.info(), progress);
    if (Main.processStartMillis != null) {
      options = options.clockStartedAt(Main.processStartMillis);
    }
    RetrainResult r = Sparkwise.retrain(spark, table.data(), cfg, options, model, margin);
    if (run.summaryJson != null) {
      Outputs.writeJson(run.summaryJson, r.run().summary().toPrettyString());
    }
    var out = spec.commandLine().getOut();
    String metric = r.comparison().metric();
    out.printf(Locale.ROOT, "run %s: candidate %s:%d %s %.4f, %s:%d %.4f on the same holdout rows%n", r.run().runId(),
        r.name(), r.candidateVersion(), metric, r.comparison().candidate().get(metric), r.name(), r.holderVersion(),
        r.comparison().other().get(metric));
    out.printf("%s: %s%n", r.decision(), r.decision().equals(RetrainResult.PROMOTED)
        ? r.name() + "@" + r.alias() + " now points at v" + r.candidateVersion()
        : (r.alias() == null ? r.name() + ":" + r.holderVersion() : r.name() + "@" + r.alias())
            + " unchanged (" + r.reason() + ")");
    out.printf("model:   %s%n", r.run().modelPath());
    if (run.summaryJson != null) {
      out.printf("summary: %s%n", run.summaryJson);
    }
    out.flush();
    return 0;
  }
}
