package sparkwise.models;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost's single-node Java API on dense rows in memory: the booster a distributed
 * {@link XGBoostStage} fit with one worker would train on the same rows, without the barrier stage
 * and tracker that cost seconds per fit. Used by the search's task engine (one Spark task per
 * trial) and by {@link XGBoostStage#fit} for tables that fit on the driver.
 */
public final class XGBoostLocal {
  private XGBoostLocal() {}

  /**
   * The default bound on dense rows trained on one node: an eighth of the JVM's heap, at most
   * 1 GiB (XGBoost's own copy of the rows and its histograms take about as much again).
   */
  public static long defaultMaxBytes() {
    return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 8);
  }

  /** Dense rows, row-major, {@code NaN} for a missing value, as XGBoost reads them. */
  public record Matrix(float[] values, int rows, int cols) implements Serializable {
    public Matrix {
      if ((long) rows * cols != values.length) {
        throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
            + " values, not " + values.length);
      }
    }

    /** The rows at {@code index}, in that order. */
    public Matrix rows(int[] index) {
      float[] out = new float[index.length * cols];
      for (int i = 0; i < index.length; i++) {
        System.arraycopy(values, index[i] * cols, out, i * cols, cols);
      }
      return new Matrix(out, index.length, cols);
    }
  }

  /** What a fit needs besides the rows: XGBoost's own parameter names and the number of rounds. */
  public record Spec(Map<String, Object> params, int rounds) implements Serializable {}

  /** Thrown between two boosting rounds when the caller's stop signal is raised (a cancelled trial). */
  public static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped between two boosting rounds: the trial was cancelled");
    }
  }

  /**
   * The booster parameters of {@code stage} for {@code numClasses} classes (0 for regression),
   * trained with {@code threads} threads: the same names and values the distributed fit passes.
   * A linear booster trains on one thread whatever {@code threads} says: XGBoost 3.1.1's
   * coordinate descent ran 7-9x slower on two threads than on one here (300 rounds on 1,168 rows ×
   * 300 features 0.8 s against 6.0 s; 20 rounds on 200k × 50 1.5 s against 12.9 s), and
   * house_prices' refit at 60 s spent 8 of its 12 s in one such member.
   */
  static Spec spec(XGBoostParams stage, int numClasses, int threads) {
    Map<String, Object> p = new HashMap<>();
    String task = stage.getTask();
    if ("regression".equals(task)) {
      p.put("objective", "reg:squarederror");
    } else if (numClasses > 2) {
      p.put("objective", "multi:softprob");
      p.put("num_class", numClasses);
    } else {
      p.put("objective", "binary:logistic");
    }
    p.put("booster", stage.$(stage.booster()));
    if ("gblinear".equals(stage.$(stage.booster()))) {
      p.put("updater", "coord_descent"); // deterministic, unlike the default parallel shotgun updater
    }
    p.put("max_depth", stage.$(stage.maxDepth()));
    p.put("eta", stage.$(stage.eta()));
    p.put("subsample", stage.$(stage.subsample()));
    p.put("colsample_bytree", stage.$(stage.colsampleBytree()));
    p.put("colsample_bynode", stage.$(stage.colsampleBynode()));
    p.put("num_parallel_tree", stage.$(stage.numParallelTree()));
    p.put("min_child_weight", stage.$(stage.minChildWeight()));
    p.put("lambda", stage.$(stage.lambda()));
    p.put("alpha", stage.$(stage.alpha()));
    p.put("seed", stage.$(stage.seed()));
    p.put("tree_method", "hist");
    p.put("missing", Float.NaN);
    p.put("nthread", trainsOnOneThread(stage.$(stage.booster())) ? 1 : Math.max(1, threads));
    p.put("verbosity", 0);
    p.put("max_bin", stage.$(stage.maxBin())); // 0 until the rows are known: see maxBin(int, long)
    return new Spec(Map.copyOf(p), (Integer) stage.$(stage.numRound()));
  }

  /** Whether a booster of this kind ({@code gbtree}, {@code gblinear}) trains on one thread: see {@link #spec}. */
  public static boolean trainsOnOneThread(Object booster) {
    return "gblinear".equals(booster);
  }

  /**
   * XGBoost's histogram bins for a fit on {@code rows} rows: {@code maxBin} when set, else one bin
   * per 16 rows, from 32 to XGBoost's default 256. On small tables the split search over 256 bins
   * of every feature, not the rows, is most of a boosting round: 600 rounds on 778 rows × 300
   * features took 4.1 s with 256 bins, 1.0 s with 64. Bins of fewer than 16 rows only split noise.
   */
  public static int maxBin(int maxBin, long rows) {
    return maxBin > 0 ? maxBin : (int) Math.max(32, Math.min(256, rows / 16));
  }

  /** The spec of a fit of {@code stage} on rows labelled {@code y} (classes counted from the labels). */
  static Spec spec(XGBoostParams stage, float[] y, int threads) {
    return spec(stage, stage.isClassification() ? DenseRows.classes(y) : 0, threads);
  }

  /**
   * A booster trained on {@code x} labelled {@code y}, round by round: {@code stop} is asked
   * between rounds, so a cancelled trial ends within one round, not at the last.
   */
  public static Booster train(Matrix x, float[] y, Spec spec, BooleanSupplier stop) {
    return trainUntil(x, y, spec, stop, Long.MAX_VALUE).booster();
  }

  /** As {@link #train(Matrix, float[], Spec, BooleanSupplier)}, boosting ending by {@code bound} (null: none). */
  static Booster train(Matrix x, float[] y, Spec spec, BooleanSupplier stop, RefitDeadline.Bound b) {
    if (b != null && b.abandon() && System.currentTimeMillis() >= b.stopAtMillis()) {
      throw new RefitDeadline.Abandoned(); // not even a first round
    }
    // A refit kept (not one given up when cut) keeps its rounds' step: see KeptStep.
    Trained t = trainUntil(x, y, spec, stop, b == null ? Long.MAX_VALUE : b.stopAtMillis(), b != null && !b.abandon());
    if (t.cut() && b != null) {
      b.cut().incrementAndGet();
      if (b.abandon()) {
        t.booster().dispose();
        throw new RefitDeadline.Abandoned();
      }
    }
    return t.booster();
  }

  /** A booster, the rounds it was boosted, and whether a time limit ended its boosting early. */
  public record Trained(Booster booster, int rounds, boolean cut) {}

  /**
   * As {@link #train(Matrix, float[], Spec, BooleanSupplier)}, boosting also ending, after its
   * first round, once the clock reaches {@code stopAtMillis}: a model with fewer rounds rather
   * than none.
   */
  public static Trained trainUntil(Matrix x, float[] y, Spec spec, BooleanSupplier stop, long stopAtMillis) {
    return trainUntil(x, y, spec, stop, stopAtMillis, false);
  }

  /** As above; {@code keepStep}: rounds cut short by the time limit take a larger rate ({@link KeptStep}). */
  static Trained trainUntil(Matrix x, float[] y, Spec spec, BooleanSupplier stop, long stopAtMillis,
      boolean keepStep) {
    DMatrix train = null;
    try {
      train = matrix(x);
      train.setLabel(y);
      Booster booster = XGBoost.train(train, boosterParams(spec, x.rows()), 0, Map.of(), null, null);
      int round = 0;
      boolean cut = false;
      KeptStep step = keepStep ? KeptStep.of(spec) : null;
      double eta = step == null ? 0 : step.eta();
      long began = System.currentTimeMillis();
      try {
        for (; round < spec.rounds(); round++) {
          if (stop.getAsBoolean()) {
            throw new Stopped();
          }
          long now = System.currentTimeMillis();
          if (round > 0 && now >= stopAtMillis) {
            cut = true;
            break;
          }
          double rate = step == null ? eta : step.rate(round, began, now, stopAtMillis);
          if (rate != eta) {
            booster.setParam("eta", rate);
            eta = rate;
          }
          booster.update(train, round);
        }
      } catch (RuntimeException | XGBoostError e) {
        booster.dispose();
        throw e;
      }
      return new Trained(booster, round, cut);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not train: " + e.getMessage(), e);
    } finally {
      if (train != null) {
        train.dispose();
      }
    }
  }

  /**
   * A booster trained with early stopping and the rounds its validation rows chose (its best
   * round + 1); {@code cut} when a time limit ended boosting before they chose.
   */
  public record EarlyStopped(Booster booster, int bestRounds, boolean cut) {}

  /**
   * The rounds without a better validation loss after which boosting stops: a tenth of the
   * rounds asked for, 10 to 50. Too short a wait stops on the noise of a small validation fold.
   */
  public static int patience(int rounds) {
    return Math.max(10, Math.min(50, rounds / 10));
  }

  /**
   * Whether a fit of {@code spec} is worth early stopping: trees boosted for 20 rounds or more (a
   * random forest is one round; a linear booster's rounds are its solver's sweeps).
   */
  public static boolean stopsEarly(Spec spec) {
    return spec.rounds() >= 20 && "gbtree".equals(spec.params().getOrDefault("booster", "gbtree"));
  }

  /**
   * As {@link #train(Matrix, float[], Spec, BooleanSupplier)}, watching the loss on {@code valid}
   * (log loss, or RMSE for regression, XGBoost's own, its predictions cached between rounds):
   * boosting ends {@link #patience} rounds after the last round that lowered it, the loss taken
   * every fifth of the patience (the best rounds are a multiple of that step). The booster keeps
   * those last rounds; predict with {@link #predict(Booster, Matrix, int)} to use only the best.
   */
  public static EarlyStopped trainEarlyStopping(Matrix x, float[] y, Matrix validX, float[] validY, Spec spec,
      BooleanSupplier stop) {
    return trainEarlyStopping(x, y, validX, validY, spec, stop, Long.MAX_VALUE);
  }

  /**
   * As {@link #trainEarlyStopping(Matrix, float[], Matrix, float[], Spec, BooleanSupplier)},
   * boosting also ending, after its first round, once the clock reaches {@code stopAtMillis}; the
   * last round boosted is then measured too, so the best rounds are among those boosted.
   */
  public static EarlyStopped trainEarlyStopping(Matrix x, float[] y, Matrix validX, float[] validY, Spec spec,
      BooleanSupplier stop, long stopAtMillis) {
    DMatrix train = null;
    DMatrix valid = null;
    try {
      train = matrix(x);
      train.setLabel(y);
      valid = matrix(validX);
      valid.setLabel(validY);
      Map<String, Object> params = boosterParams(spec, x.rows());
      Object objective = params.get("objective");
      params.put("eval_metric", "reg:squarederror".equals(objective) ? "rmse"
          : "multi:softprob".equals(objective) ? "mlogloss" : "logloss");
      // The validation rows are in the booster's cache: each round's loss adds one round's trees.
      Booster booster = XGBoost.train(train, params, 0, Map.of("valid", valid), null, null);
      int patience = patience(spec.rounds());
      // A loss costs about as much as a round on a small fold (XGBoost reads every validation row's
      // features to predict, whatever the trees: ~1 ms for 10k rows x 100 columns): taken every
      // fifth of the patience, it adds a few percent rather than doubling a trial on a data sample.
      int step = Math.max(1, patience / 5);
      double best = Double.POSITIVE_INFINITY;
      int bestRound = 0;
      int measured = -1;
      boolean cut = false;
      DMatrix[] watched = {valid};
      String[] names = {"valid"};
      try {
        for (int round = 0; round < spec.rounds(); round++) {
          if (stop.getAsBoolean()) {
            throw new Stopped();
          }
          if (round > 0 && System.currentTimeMillis() >= stopAtMillis) {
            cut = true;
            if (measured < round - 1 && loss(booster, watched, names, round - 1) < best) {
              bestRound = round - 1;
            }
            break;
          }
          booster.update(train, round);
          if ((round + 1) % step != 0 && round != spec.rounds() - 1) {
            continue;
          }
          measured = round;
          double loss = loss(booster, watched, names, round);
          if (loss < best) {
            best = loss;
            bestRound = round;
          } else if (round - bestRound >= patience) {
            break;
          }
        }
      } catch (RuntimeException | XGBoostError e) {
        booster.dispose();
        throw e;
      }
      return new EarlyStopped(booster, bestRound + 1, cut);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not train: " + e.getMessage(), e);
    } finally {
      if (train != null) {
        train.dispose();
      }
      if (valid != null) {
        valid.dispose();
      }
    }
  }

  /** The watched rows' loss after {@code round}, as XGBoost prints it. */
  private static double loss(Booster booster, DMatrix[] watched, String[] names, int round) throws XGBoostError {
    String line = booster.evalSet(watched, names, round);
    return Double.parseDouble(line.substring(line.lastIndexOf(':') + 1).trim());
  }

  /** The booster parameters of a fit of {@code spec} on {@code rows} rows (missing values are the matrix's NaN). */
  private static Map<String, Object> boosterParams(Spec spec, int rows) {
    Map<String, Object> params = new HashMap<>(spec.params());
    params.remove("missing");
    params.put("max_bin", maxBin(((Number) params.getOrDefault("max_bin", 0)).intValue(), rows));
    return params;
  }

  /** As {@link #predict(Booster, Matrix)} from the booster's first {@code rounds} rounds only. */
  public static float[][] predict(Booster booster, Matrix x, int rounds) {
    try {
      return booster.inplace_predict(x.values(), x.rows(), x.cols(), Float.NaN, new int[] {0, rounds});
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not predict: " + e.getMessage(), e);
    }
  }

  /** The booster's output for each row: a class-1 probability, class probabilities or a value. */
  public static float[][] predict(Booster booster, Matrix x) {
    DMatrix m = null;
    try {
      m = matrix(x);
      return booster.predict(m);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not predict: " + e.getMessage(), e);
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

  /** The booster in the format {@link XGBoostStageModel} keeps (UBJSON). */
  public static byte[] bytes(Booster booster) {
    try {
      return booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw new IllegalStateException("cannot serialise the XGBoost booster", e);
    }
  }

  private static DMatrix matrix(Matrix x) throws XGBoostError {
    return new DMatrix(x.values(), x.rows(), x.cols(), Float.NaN);
  }
}
