package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sparkwise.Task;
import sparkwise.data.Splitter;
import sparkwise.evaluation.Metric;
import sparkwise.features.FeaturePlan;
import sparkwise.features.FeatureVariant;
import sparkwise.features.LabelIndex;
import sparkwise.models.Dimension;
import sparkwise.models.ModelCatalog;
import sparkwise.models.ModelFamily;
import sparkwise.testing.SearchFixture;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * The search's mechanics, counted on a real search: preprocessing is fitted once per fold however
 * many trials use it; a trial proposed at a fraction of the rows (a lower halving rung) trains on
 * that fraction; a hopeless trial stops after its first fold. Each assertion fails when its
 * mechanism is switched off (folds refitted per trial, subsampling skipped, pruning disabled), and
 * the same search with the fold cache and pruning switched off (the benchmark's breakdown) shows
 * each trial preparing its own folds and the hopeless one running every fold.
 */
class SearchMechanicsTest {
  /** What one search's probes counted: rows each probe fit saw by its candidate's tag, and stage fits. */
  record Counted(List<TrialResult> trials, ConcurrentLinkedQueue<Object[]> fits, AtomicInteger preprocessingFits,
      AtomicInteger labelReadingFits) {
    List<Long> rows(String tag) {
      return fits.stream().filter(e -> e[0].equals(tag)).map(e -> (Long) e[1]).toList();
    }

    TrialResult trial(int seq) {
      return trials.stream().filter(t -> t.candidate().seq() == seq).findFirst().orElseThrow();
    }
  }

  static Counted on;
  static Counted off;
  static int folds;

  @BeforeAll
  static void search() {
    SearchFixture f = SearchFixture.of(TestData.churn(900).drop("city"), List.of(ModelCatalog.get("logistic_regression")), 3);
    folds = Splitter.validationFolds(f.cfg().split()).length;
    on = search(f, SearchRunner.Switches.ON);
    off = search(f, new SearchRunner.Switches(true, false, false));
    f.searchRows().unpersist();
  }

  /**
   * One search of four scripted trials, one at a time: whole folds, a third of the rows, a hopeless
   * one (it sees trial 0 as the best so far: with one trial in flight, trial n sees those below n - 1),
   * whole folds again.
   */
  private static Counted search(SearchFixture f, SearchRunner.Switches switches) {
    ConcurrentLinkedQueue<Object[]> fits = new ConcurrentLinkedQueue<>();
    AtomicInteger preprocessing = new AtomicInteger();
    AtomicInteger labelReading = new AtomicInteger(); // a stage that reads the label, as a target encoder does
    ProbeFamily probe = new ProbeFamily(fits);
    FeaturePlan plan = f.plans().get(probe.variant());
    List<PipelineStage> stages = new ArrayList<>(plan.stages());
    stages.add(1, new CountingStage(Identifiable.randomUID("counting"), preprocessing, false));
    stages.add(new CountingStage(Identifiable.randomUID("labelled"), labelReading, true));
    Map<FeatureVariant, FeaturePlan> plans = Map.of(probe.variant(),
        new FeaturePlan(stages, plan.featuresCol(), plan.maxCategories(), plan.inputs()));
    int[] foldIds = Splitter.validationFolds(f.cfg().split());
    List<Candidate> script = List.of(
        new Candidate(0, "probe", Map.of("tag", "good", "hopeless", false)),
        new Candidate(1, "probe", Map.of("tag", "third", "hopeless", false), 1.0 / 3),
        new Candidate(2, "probe", Map.of("tag", "hopeless", "hopeless", true)),
        new Candidate(3, "probe", Map.of("tag", "again", "hopeless", false)));
    SearchStrategy scripted = new SearchStrategy() {
      @Override
      public Optional<Candidate> propose(int seq, List<TrialResult> history) {
        return seq < script.size() ? Optional.of(script.get(seq)) : Optional.empty();
      }

      @Override
      public String name() {
        return "scripted";
      }

      @Override
      public boolean usesHistory() { // the runner then gives each trial the best earlier one to be pruned against
        return true;
      }
    };
    long now = System.currentTimeMillis();
    SearchRunner runner = new SearchRunner(SharedSpark.session(), new SearchRunner.Settings(Task.BINARY,
        Metric.ROC_AUC, LabelIndex.COLUMN, foldIds, 1, script.size(), 3, Deadline.of(now, Duration.ofMinutes(10)))
        .with(switches), plans, List.of(probe));
    return new Counted(runner.run(f.searchRows(), scripted, (r, d, b) -> { }), fits, preprocessing, labelReading);
  }

  @Test
  void preprocessingIsFittedOncePerFoldForAllTrials() {
    assertEquals(4, on.trials().size());
    assertEquals(folds, on.labelReadingFits().get(), "fits of a label-reading stage for 4 trials on " + folds + " folds");
    assertEquals(1, on.preprocessingFits().get(), "fits of an unsupervised stage before it: once for every fold and trial");
  }

  @Test
  void aHopelessTrialStopsAfterItsFirstFold() {
    TrialResult hopeless = on.trial(2);
    assertEquals(TrialResult.Status.PRUNED, hopeless.status(), hopeless.toString());
    assertEquals(1, hopeless.foldMetrics().size(), "stopped after its first fold");
    assertEquals(1, on.rows("hopeless").size(), "one fit");
  }

  @Test
  void aTrialAtAThirdOfTheRowsTrainsOnAThirdOfEachFold() {
    List<Long> whole = on.rows("good");
    List<Long> third = on.rows("third");
    assertEquals(folds, third.size());
    for (int i = 0; i < folds; i++) {
      double share = third.get(i) / (double) whole.get(i);
      assertTrue(share > 0.22 && share < 0.45, "the 1/3 rung trained on " + share + " of fold " + i + "'s rows");
    }
    assertEquals(whole, on.rows("again"), "the whole folds again");
  }

  @Test
  void withTheFoldCacheOffEveryTrialFitsEveryStageOnEveryFold() {
    assertEquals(4, off.trials().size());
    assertEquals(4 * folds, off.labelReadingFits().get(), "the label-reading stage, per trial and fold");
    assertEquals(4 * folds, off.preprocessingFits().get(), "the unsupervised stage too, as CrossValidator fits a Pipeline");
    assertEquals(on.rows("good"), off.rows("good"), "the same folds");
    assertTrue(off.trial(0).ok() && off.trial(3).ok(), off.trials().toString());
  }

  @Test
  void withPruningOffAHopelessTrialRunsEveryFold() {
    TrialResult hopeless = off.trial(2);
    assertEquals(TrialResult.Status.OK, hopeless.status(), hopeless.toString());
    assertEquals(folds, hopeless.foldMetrics().size());
    assertEquals(folds, off.rows("hopeless").size(), "a fit per fold");
  }

  /** Logistic regression whose fits count their rows; "hopeless" candidates cannot use the features. */
  static final class ProbeFamily implements ModelFamily {
    private final ConcurrentLinkedQueue<Object[]> fits;

    ProbeFamily(ConcurrentLinkedQueue<Object[]> fits) {
      this.fits = fits;
    }

    @Override
    public String name() {
      return "probe";
    }

    @Override
    public boolean supports(Task task) {
      return true;
    }

    @Override
    public FeatureVariant variant() {
      return ModelCatalog.get("logistic_regression").variant();
    }

    @Override
    public List<Dimension> space(Task task) {
      return List.of();
    }

    @Override
    public PipelineStage estimator(Task task, Map<String, Object> params, EstimatorContext context) {
      CountingLogistic lr = new CountingLogistic(Identifiable.randomUID("probe"), (String) params.get("tag"), fits);
      lr.setFeaturesCol(context.featuresCol()).setLabelCol(context.labelCol()).setMaxIter(20);
      if (Boolean.TRUE.equals(params.get("hopeless"))) {
        lr.setRegParam(1e4).setElasticNetParam(1.0); // every coefficient zero: a constant score
      }
      return lr;
    }
  }

  static final class CountingLogistic extends LogisticRegression {
    private final String tag;
    private final ConcurrentLinkedQueue<Object[]> fits;

    CountingLogistic(String uid, String tag, ConcurrentLinkedQueue<Object[]> fits) {
      super(uid);
      this.tag = tag;
      this.fits = fits;
    }

    @Override
    public LogisticRegressionModel fit(Dataset<?> data) {
      fits.add(new Object[] {tag, data.count()});
      return super.fit(data);
    }
  }

  /** A stage that counts its fits; with {@code labelled} it declares a label column, as stages whose fit reads labels do. */
  static final class CountingStage extends Estimator<CountingStage.Passing> {
    private final String uid;
    private final AtomicInteger counter;
    private final boolean labelled;
    private final Param<String> labelCol;

    CountingStage(String uid, AtomicInteger counter, boolean labelled) {
      this.uid = uid;
      this.counter = counter;
      this.labelled = labelled;
      this.labelCol = labelled ? new Param<>(this, "labelCol", "the label") : null;
    }

    @Override
    public String uid() {
      return uid;
    }

    /** Declared only when labelled (Spark finds a stage's params by their getters). */
    public Param<String> labelCol() {
      return labelCol;
    }

    @Override
    public Param<?>[] params() {
      return labelled ? new Param<?>[] {labelCol} : new Param<?>[0];
    }

    @Override
    public Passing fit(Dataset<?> data) {
      counter.incrementAndGet();
      return new Passing(uid);
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema;
    }

    @Override
    public Estimator<Passing> copy(ParamMap extra) {
      return new CountingStage(uid, counter, labelled);
    }

    static final class Passing extends Model<Passing> {
      private final String uid;

      Passing(String uid) {
        this.uid = uid;
      }

      @Override
      public String uid() {
        return uid;
      }

      @Override
      public Dataset<Row> transform(Dataset<?> data) {
        return data.toDF();
      }

      @Override
      public StructType transformSchema(StructType schema) {
        return schema;
      }

      @Override
      public Passing copy(ParamMap extra) {
        return new Passing(uid);
      }
    }
  }
}
