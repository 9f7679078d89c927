package sparkwise.jobs;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.Sparkwise;
import sparkwise.TrainOptions;
import sparkwise.TrainResult;
import sparkwise.ConfigLoader;
import sparkwise.ConfigOverrides;
import sparkwise.TrainConfig;
import sparkwise.data.LoadedTable;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Profile, plan features, search models, evaluate on a holdout, save and record the best.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RunOptions run;

  @Option(names = "--data", required = true, paramLabel = "SRC",
      description = "Input table: .csv, .csv.gz, Parquet or Delta path, table:db.name, delta:PATH@VERSION.")
  String data;

  @Option(names = "--label", paramLabel = "COL", description = "The label column (or label: in the config).")
  String label;

  @Option(names = "--resume", paramLabel = "ID",
      description = "Continue run ID after a crash or kill: its finished trials are kept, the rest of the budget is used.")
  String resume;

  @Option(names = "--register", paramLabel = "NAME",
      description = "Add the model to the registry as the next version of NAME.")
  String register;

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag for the registered version (repeatable).")
  java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();


  @Option(names = "--warm-start", paramLabel = "REF",
      description = "Seed the search with an earlier run's best configurations: NAME@ALIAS, NAME:V or a run id"
          + " (or search.warm_start in the config).")
  String warmStart;

  @Override
  public Integer call() {
    TrainConfig cfg = ConfigLoader.load(run.config, new ConfigOverrides(label, run.budget, run.seed, warmStart));
    if (cfg.label() == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '--label=COL' (or label: in the config)");
    }
    if (resume != null && run.runId != null && !resume.equals(run.runId)) {
      throw sparkwise.Errors.config("--resume", "names run '" + resume + "' but --run-id says '" + run.runId + "'; give one");
    }
    RunOptions.requireId("--run-id", run.runId);
    RunOptions.requireId("--resume", resume);
    if (!tags.isEmpty() && register == null) {
      throw sparkwise.Errors.config("--tag", "tags belong to a registered version: add --register NAME");
    }
    if (register != null) {
      sparkwise.registry.ModelRef.requireName("--register", register);
    }
    SparkSession spark = SparkSessions.get();
    StderrProgress progress = new StderrProgress(spec.commandLine().getErr(), common);
    LoadedTable table = Inputs.read(spark, "--data", data, cfg.input().policy(), progress);
    TrainOptions options = new TrainOptions(common.warehouse, run.runId, table.info(), progress);
    if (Main.processStartMillis != null) {
      options = options.clockStartedAt(Main.processStartMillis);
    }
    if (register != null) {
      options = options.registeringAs(register, tags);
    }
    if (resume != null) {
      options = options.resuming(resume);
    }
    TrainResult r = Sparkwise.train(spark, table.data(), cfg, options);
    String json = r.summary().toPrettyString();
    if (run.summaryJson != null) {
      Outputs.writeJson(run.summaryJson, json);
    }
    var out = spec.commandLine().getOut();
    out.printf("run %s: best %s, holdout %s%n", r.runId(), r.summary().get("best_model").asText(),
        r.summary().get("holdout"));
    out.printf("model:   %s%n", r.modelPath());
    if (r.summary().has("registered")) {
      out.printf("registered: %s:%d%n", register, r.summary().get("registered").get("version").asLong());
    }
    out.printf("tables:  %s/{runs,trials,leaderboard}%n", common.warehouse);
    if (run.summaryJson != null) {
      out.printf("summary: %s%n", run.summaryJson);
    }
    out.flush();
    return 0;
  }
}
