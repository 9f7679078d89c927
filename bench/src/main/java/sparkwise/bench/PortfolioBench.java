package sparkwise.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import sparkwise.Task;
import sparkwise.TrainConfig;
import sparkwise.data.DataSource;
import sparkwise.data.Splitter;
import sparkwise.data.TableRef;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelIndex;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.FeatureVariant;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.search.Deadline;
import sparkwise.search.Portfolio;
import sparkwise.search.SearchRunner;
import sparkwise.search.SearchStrategy;
import sparkwise.TrialResult;

/**
 * The evidence for {@link Portfolio}: every configuration of its candidate pool cross-validated
 * (3 folds of the non-holdout rows, Sparkwise's own split, plans and task engine) on one table,
 * one CSV row per configuration. {@code scripts/bench-portfolio} runs it on each shared table and
 * picks the portfolio greedily from the rows ({@code scripts/bench/portfolio_pick.py}).
 * <p>Usage: PortfolioBench TABLE LABEL OUT.csv
 */
public final class PortfolioBench {
  private static final long SEED = 7;

  public static void main(String[] args) throws Exception {
    String table = args[0];
    String label = args[1];
    Path out = Path.of(args[2]);
    SparkSession spark = BenchSpark.session("bench-portfolio", 4);
    Dataset<Row> raw = DataSource.read(spark, TableRef.parse("--data", table)).data()
        .persist(StorageLevel.MEMORY_AND_DISK());
    TrainConfig cfg = TrainConfig.defaults();
    PreparedTable prepared = PreparedTable.of(raw, label, cfg);
    LabelInfo info = prepared.label();
    Task task = prepared.task();
    Metric metric = prepared.metric();
    Dataset<Row> labelled = prepared.labelled();
    Profile profile = prepared.profile();
    List<String> features = prepared.features();
    Dataset<Row> search = Splitter.split(labelled, LabelIndex.COLUMN, task.isClassification(), cfg.split(), SEED)
        .filter(col(Splitter.HOLDOUT).equalTo(false)).persist(StorageLevel.MEMORY_AND_DISK());
    List<Candidate> pool = Portfolio.POOL;
    List<ModelFamily> families = pool.stream().map(Candidate::family).distinct().map(ModelCatalog::get).toList();
    Map<FeatureVariant, FeaturePlan> plans = new EnumMap<>(FeatureVariant.class);
    for (ModelFamily f : families) {
      plans.computeIfAbsent(f.variant(), v -> FeaturePlanner.plan(profile, features, info, LabelIndex.COLUMN, v,
          cfg.features()));
    }
    long now = System.currentTimeMillis();
    SearchRunner runner = new SearchRunner(spark, new SearchRunner.Settings(task, metric, LabelIndex.COLUMN,
        Splitter.validationFolds(cfg.split()), 2, pool.size(), SEED,
        new Deadline(now, now + 3_600_000L, now + 3_600_000L)).withTaskEngine(1L << 30), plans, families);
    SearchStrategy everyOne = new SearchStrategy() {
      @Override
      public Optional<Candidate> propose(int seq, List<TrialResult> history) {
        return seq < pool.size() ? Optional.of(pool.get(seq).at(seq, 1.0)) : Optional.empty();
      }

      @Override
      public String name() {
        return "pool";
      }
    };
    List<TrialResult> trials = runner.run(search, everyOne, (r, d, b) -> { });
    String name = Path.of(table).getFileName().toString().replaceAll("\\.csv(\\.gz)?$", "");
    StringBuilder rows = new StringBuilder();
    boolean header = !Files.exists(out);
    if (header) {
      rows.append("table,task,metric,larger_is_better,config,family,params,status,engine,cv_mean,seconds\n");
    }
    for (TrialResult t : trials) {
      rows.append(String.join(",", name, task.id(), metric.id(), String.valueOf(metric.largerIsBetter()),
          t.candidate().trialId(), t.candidate().family(), "\"" + t.candidate().paramsJson().replace("\"", "'") + "\"",
          t.status().name().toLowerCase(), t.engine(), Double.isFinite(t.mean()) ? String.valueOf(t.mean()) : "",
          String.format(java.util.Locale.ROOT, "%.2f", (t.endedAtMillis() - t.startedAtMillis()) / 1000.0))).append('\n');
    }
    Files.writeString(out, rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    spark.stop();
  }
}
