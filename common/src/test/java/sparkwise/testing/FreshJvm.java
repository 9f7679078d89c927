package sparkwise.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Loads a saved model with plain {@code PipelineModel.load} in a new JVM (the test's classpath,
 * nothing else) and writes its predictions of a Parquet table as Parquet: proof that a model
 * needs nothing from the JVM that trained it.
 */
public final class FreshJvm {
  private FreshJvm() {}

  /** Runs {@link #main} in a new JVM; returns when it has written {@code output}. */
  public static void score(Path model, Path input, Path output, String... keep) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path options = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/java17.options");
    if (Files.exists(options)) {
      cmd.add("@" + options);
    }
    cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), FreshJvm.class.getName(),
        model.toString(), input.toString(), output.toString(), String.join(",", keep)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(File.createTempFile("fresh-jvm", ".log")).start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("the fresh JVM failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
    }
  }

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("fresh-jvm")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    PipelineModel model = PipelineModel.load(args[0]);
    String[] keep = args[3].split(",");
    model.transform(spark.read().parquet(args[1])).selectExpr(keep).write().parquet(args[2]);
    spark.stop();
  }
}
