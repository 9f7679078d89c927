package sparkwise.bench.h2o;

import ai.h2o.automl.AutoML;
import ai.h2o.automl.AutoMLBuildSpec;
import hex.Model;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import water.H2O;
import water.H2OStarter;
import water.Key;
import water.fvec.Frame;
import water.fvec.Vec;

/**
 * H2O AutoML, embedded in this JVM (bound to 127.0.0.1, web UI off, 2 threads), on one train
 * file with a wall-clock budget, its leader scoring the test file. Writes the test predictions
 * as CSV for Sparkwise's metric code to score like every other system's: {@code label} (the
 * class index in {@code classes} order, or the value for regression), {@code prediction} and,
 * for classification, {@code p0..pk}; plus a one-line JSON with the leader and the model count.
 * <p>Usage: H2OAutoMLBench TRAIN.csv TEST.csv LABEL TASK(binary|multiclass|regression) BUDGET_SECONDS SEED OUT_PREFIX
 */
public final class H2OAutoMLBench {
  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) { // H2O's non-daemon threads would keep a failed run's JVM alive
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    File trainFile = new File(args[0]);
    File testFile = new File(args[1]);
    String label = args[2];
    boolean classification = !args[3].equals("regression");
    int budget = Integer.parseInt(args[4]);
    long seed = Long.parseLong(args[5]);
    String prefix = args[6];
    // A free port pair (H2O uses port and port + 1), so several benchmark JVMs can run at once.
    int port = freePortPair();
    H2OStarter.start(new String[] {"-ip", "127.0.0.1", "-port", String.valueOf(port), "-nthreads", "2", "-disable_web",
        "-name", "sparkwise-bench-" + ProcessHandle.current().pid(), "-log_level", "WARN",
        "-ice_root", Files.createTempDirectory("h2o-ice").toString()}, false);
    H2O.waitForCloudSize(1, 60_000);

    Frame train = parse("train", trainFile);
    Frame test = parse("test", testFile);
    alignTypes(train, test, label);
    if (classification && !train.vec(label).isCategorical()) {
      train.replace(train.find(label), train.vec(label).toCategoricalVec()).remove();
    }

    AutoMLBuildSpec spec = new AutoMLBuildSpec();
    spec.input_spec.training_frame = train._key;
    spec.input_spec.response_column = label;
    spec.build_control.stopping_criteria.set_max_runtime_secs(budget);
    spec.build_control.stopping_criteria.set_seed(seed);
    spec.build_control.project_name = "bench";
    long t0 = System.nanoTime();
    AutoML aml = AutoML.startAutoML(spec);
    aml.get();
    double searchSeconds = (System.nanoTime() - t0) / 1e9;
    Model<?, ?, ?> leader = aml.leader();
    Frame preds = leader.score(test);
    String[] classes = classification ? leader._output.classNames() : null;
    write(prefix + ".predictions.csv", test.vec(label), preds, classes);
    String algos = Arrays.stream(aml.leaderboard().getModels()).map(m -> m._parms.algoName()).distinct()
        .collect(java.util.stream.Collectors.joining(" "));
    Files.writeString(Path.of(prefix + ".json"), String.format(Locale.ROOT,
        "{\"leader\": \"%s\", \"algo\": \"%s\", \"models\": %d, \"algos\": \"%s\", \"automl_seconds\": %.1f}%n",
        leader._key, leader._parms.algoName(), aml.leaderboard().getModelKeys().length, algos, searchSeconds));
    System.err.printf(Locale.ROOT, "H2O AutoML: leader %s of %d models in %.0f s%n", leader._key,
        aml.leaderboard().getModelKeys().length, searchSeconds);
    // The anytime curve, after the measured run: its scoring time is written apart, to be taken off the wall.
    long c0 = System.nanoTime();
    try {
      curve(aml, test, label, args[3], prefix + ".curve.csv");
    } catch (RuntimeException e) { // the curve is an extra: the measured run stands without it
      System.err.println("H2O AutoML: no anytime curve: " + e);
    }
    Files.writeString(Path.of(prefix + ".curve-seconds"), String.format(Locale.ROOT, "%.2f%n", (System.nanoTime() - c0) / 1e9));
    H2O.orderlyShutdown(5_000);
    System.exit(0);
  }

  /**
   * Every leaderboard model with its end time (seconds since this JVM started), its cross-validated
   * metric (the leaderboard's) and its test metric, in the task's metric: ROC-AUC, accuracy or R².
   */
  private static void curve(AutoML aml, Frame test, String label, String task, String path) throws IOException {
    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(path)))) {
      w.println("seconds,model,algo,cv_metric,test_metric");
      for (Model<?, ?, ?> m : aml.leaderboard().getModels()) {
        Frame p = m.score(test);
        p.remove();
        double xval = metric(m._output._cross_validation_metrics, task);
        double onTest = metric(hex.ModelMetrics.getFromDKV(m, test), task);
        w.printf(Locale.ROOT, "%.2f,%s,%s,%s,%s%n", (m._output._end_time - jvmStart) / 1000.0, m._key, m._parms.algoName(),
            Double.isNaN(xval) ? "" : xval, Double.isNaN(onTest) ? "" : onTest);
      }
    }
  }

  private static double metric(hex.ModelMetrics mm, String task) {
    if (mm == null) {
      return Double.NaN;
    }
    return switch (task) {
      case "binary" -> mm instanceof hex.ModelMetricsBinomial b ? b.auc() : Double.NaN;
      case "multiclass" -> mm instanceof hex.ModelMetricsMultinomial m && m.cm() != null ? m.cm().accuracy() : Double.NaN;
      default -> mm instanceof hex.ModelMetricsRegression r ? r.r2() : Double.NaN;
    };
  }

  /** The file has a header row: H2O guesses otherwise when every column is text (kr-vs-kp). */
  private static Frame parse(String name, File file) {
    water.fvec.NFSFileVec vec = water.fvec.NFSFileVec.make(file);
    Key<?>[] keys = {vec._key};
    water.parser.ParseSetup setup = water.parser.ParseSetup.guessSetup(keys, false, water.parser.ParseSetup.HAS_HEADER);
    return water.parser.ParseDataset.parse(Key.make(name), keys, true, setup);
  }

  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
        p = s.getLocalPort();
      }
      if (p < 65535) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(p + 1, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
          return p;
        } catch (IOException busy) {
          // try another pair
        }
      }
    }
    throw new IOException("no free pair of ports on 127.0.0.1");
  }

  /** The test file parsed on its own may guess a column numeric that train holds as categorical. */
  private static void alignTypes(Frame train, Frame test, String label) {
    for (String name : train.names()) {
      int i = test.find(name);
      if (i >= 0 && train.vec(name).isCategorical() && !test.vec(name).isCategorical() && !name.equals(label)) {
        test.replace(i, test.vec(name).toCategoricalVec()).remove();
      }
    }
  }

  private static void write(String path, Vec labels, Frame preds, String[] classes) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(path)))) {
      int k = classes == null ? 0 : classes.length;
      StringBuilder header = new StringBuilder("label,prediction");
      for (int c = 0; c < k; c++) {
        header.append(",p").append(c);
      }
      w.println(header);
      Vec predict = preds.vec(0);
      for (long r = 0; r < preds.numRows(); r++) {
        if (labels.isNA(r)) {
          continue;
        }
        StringBuilder line = new StringBuilder();
        if (classes == null) {
          line.append(labels.at(r)).append(',').append(predict.at(r));
        } else {
          int y = Arrays.asList(classes).indexOf(text(labels, r));
          int p = Arrays.asList(classes).indexOf(predict.factor(predict.at8(r)));
          if (y < 0) {
            throw new IllegalStateException("test label " + text(labels, r) + " is not among the classes " + Arrays.toString(classes));
          }
          line.append(y).append(',').append(p);
          for (int c = 0; c < k; c++) {
            line.append(',').append(preds.vec(1 + c).at(r));
          }
        }
        w.println(line);
      }
    }
  }

  private static String text(Vec v, long r) {
    if (v.isCategorical()) {
      return v.factor(v.at8(r));
    }
    double d = v.at(r);
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private H2OAutoMLBench() {}
}
