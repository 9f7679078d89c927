package sparkwise.data;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Queries evaluated without generated code. Spark compiles Java for every new query plan
 * (whole-stage code and each projection): on a small table that compilation, and the JIT work it
 * brings, costs far more than evaluating the rows, and a train run on a few thousand rows plans
 * hundreds of queries. Measured on kc1 (2,109 rows) at a 60 s budget: 4 trials with generated code,
 * 11 without (benchmarks/trials-notes.md). Large tables keep generated code.
 */
public final class Interpreted implements AutoCloseable {
  /** Tables up to this size (Spark's own estimate of the input, in bytes) run interpreted. */
  public static final long SMALL_BYTES = 64L << 20;
  private static final String FACTORY = "spark.sql.codegen.factoryMode";
  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";

  private final RuntimeConfig conf;
  private final String factory;
  private final String wholeStage;

  private Interpreted(SparkSession spark) {
    conf = spark == null ? null : spark.conf();
    factory = conf == null ? null : conf.get(FACTORY, "FALLBACK");
    wholeStage = conf == null ? null : conf.get(WHOLE_STAGE, "true");
    if (conf != null) {
      conf.set(FACTORY, "NO_CODEGEN");
      conf.set(WHOLE_STAGE, "false");
    }
  }

  /** Until closed, the session's queries run interpreted when {@code table} is small; closing restores the settings. */
  public static Interpreted whenSmall(Dataset<?> table) {
    return when(table.sparkSession(), small(table));
  }

  /** Until closed, the session's queries run interpreted when {@code on}; closing restores the settings. */
  public static Interpreted when(SparkSession spark, boolean on) {
    return new Interpreted(on ? spark : null);
  }

  /** Runs {@code action} with the session's queries interpreted. */
  public static <T> T run(SparkSession spark, Supplier<T> action) {
    try (Interpreted ignored = new Interpreted(spark)) {
      return action.get();
    }
  }

  /** Whether Spark estimates {@code table} at most {@link #SMALL_BYTES} (no job: from the plan's statistics). */
  static boolean small(Dataset<?> table) {
    try {
      return table.queryExecution().optimizedPlan().stats().sizeInBytes().longValue() <= SMALL_BYTES;
    } catch (RuntimeException e) { // a source without statistics: keep generated code
      return false;
    }
  }

  @Override
  public void close() {
    if (conf == null) {
      return;
    }
    conf.set(FACTORY, factory);
    conf.set(WHOLE_STAGE, wholeStage);
  }
}
