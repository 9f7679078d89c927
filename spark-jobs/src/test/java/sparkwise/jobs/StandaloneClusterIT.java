package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * The cluster jar under real spark-submit: a Spark standalone Master and Worker started from the
 * Spark jars on this machine (a SPARK_HOME whose {@code jars/} holds Spark, Delta and Hadoop, as a
 * cluster image would), {@code SparkSubmit --master spark://127.0.0.1:PORT} of {@code train}, then
 * the Delta tables and the model read back. Runs in {@code verify}, after the jar is packaged.
 */
class StandaloneClusterIT {
  @TempDir static Path dir;
  static Path sparkHome;
  static Path jar;
  static String masterUrl;
  static final List<Process> cluster = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    Path target = Path.of("target");
    jar = Files.list(target).filter(p -> p.getFileName().toString().matches("sparkwise-jobs-.*\\.jar")
        && !p.getFileName().toString().startsWith("original-")).findFirst().orElseThrow();
    sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
    for (String entry : Files.readString(target.resolve("launcher-classpath.txt")).trim().split(java.io.File.pathSeparator)) {
      Path j = Path.of(entry);
      Files.createSymbolicLink(sparkHome.resolve(j.getFileName()), j.toAbsolutePath());
    }
    sparkHome = sparkHome.getParent();
    int masterPort = freePort();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    cluster.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()))));
    waitForLog("master", "I have been elected leader", 60);
    cluster.add(start("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
        "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "2g",
        "--work-dir", dir.resolve("work").toString(), masterUrl)));
    waitForLog("worker", "Successfully registered with master", 60);
  }

  @AfterAll
  static void stopCluster() {
    for (Process p : cluster) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : cluster) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theClusterJarBundlesNoSparkDeltaHadoopOrScala() throws IOException {
    List<String> offending = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
          .filter(n -> n.startsWith("org/apache/spark/sql/") || n.startsWith("org/apache/spark/SparkContext")
              || n.startsWith("org/apache/spark/ml/Pipeline") || n.startsWith("io/delta/")
              || n.startsWith("org/apache/hadoop/") || n.startsWith("scala/")
              || n.startsWith("com/esotericsoftware/"))
          .limit(5).forEach(offending::add);
      assertTrue(offending.isEmpty(), "the cluster jar bundles provided or clashing classes: " + offending);
      assertEquals("sparkwise.jobs.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
      assertTrue(j.getEntry("sparkwise/shaded/picocli/CommandLine.class") != null, "picocli is relocated");
    }
  }

  @Test
  void trainRunsUnderSparkSubmitOnTheStandaloneCluster() throws Exception {
    Path data = TestData.shared("blood-transfusion.csv").orElse(null);
    String label = "donated_march_2007";
    if (data == null) {
      data = TestData.churnCsv(dir, 2000);
      label = "churned";
    }
    Path warehouse = dir.resolve("warehouse");
    Path summaryFile = dir.resolve("summary.json");
    Path events = Files.createDirectories(dir.resolve("events"));
    Process submit = start("submit", List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
        // Two one-core executors, so the task engine's trials have two places to run; the event
        // log says where each task ran.
        "--conf", "spark.executor.cores=1", "--conf", "spark.eventLog.enabled=true",
        "--conf", "spark.eventLog.compress=false", "--conf", "spark.eventLog.dir=" + events.toUri(),
        "--conf", "spark.sql.shuffle.partitions=4", "--class", "sparkwise.jobs.Main", jar.toAbsolutePath().toString(),
        "train", "--data", data.toAbsolutePath().toString(), "--label", label, "--budget", "90s", "--seed", "3",
        "--warehouse", warehouse.toString(), "--run-id", "cluster-run", "--summary-json", summaryFile.toString()));
    boolean done = submit.waitFor(8, TimeUnit.MINUTES);
    if (!done) {
      submit.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("submit.log"));
    assertTrue(done, "spark-submit did not finish in 8 minutes:\n" + tail(log));
    assertEquals(0, submit.exitValue(), tail(log));
    String master = Files.readString(dir.resolve("master.log"));
    assertTrue(master.contains("Launching executor"), "executors ran on the standalone worker:\n" + tail(master));

    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    assertEquals("cluster-run", summary.get("run_id").asText());
    assertTrue(summary.get("trials_by_engine").has("task"), "trials ran on the task engine: " + summary);
    assertTrue(trialExecutors(events).size() >= 2, "the task engine's trials ran on both executors: "
        + trialExecutors(events));
    assertTrue(summary.get("holdout").get("roc_auc").asDouble() > 0.6, summary.toString());
    SparkSession spark = SharedSpark.session();
    Row run = spark.read().format("delta").load(warehouse.resolve("runs").toString())
        .filter("run_id = 'cluster-run'").collectAsList().get(0);
    assertEquals("completed", run.getAs("status"));
    assertTrue(spark.read().format("delta").load(warehouse.resolve("trials").toString())
        .filter("run_id = 'cluster-run'").count() >= 1);
    PipelineModel model = PipelineModel.load(summary.get("model_path").asText());
    assertTrue(model.stages().length >= 2);
    assertTrue(Files.exists(Path.of(summary.get("report_path").asText().replace("file:", ""))), "the report");
  }

  /** The executors that ran the task engine's trials, from the driver's event log (stage names carry the call site). */
  private static java.util.Set<String> trialExecutors(Path events) throws IOException {
    ObjectMapper json = new ObjectMapper();
    java.util.Set<Long> stages = new java.util.HashSet<>();
    java.util.Set<String> executors = new java.util.TreeSet<>();
    List<Path> logs;
    try (var files = Files.walk(events)) {
      logs = files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("events_")
          || f.getFileName().toString().startsWith("app-")).toList(); // not Hadoop's .crc files
    }
    for (Path log : logs) {
      for (String line : Files.readAllLines(log)) {
        JsonNode e = json.readTree(line);
        String kind = e.path("Event").asText();
        if (kind.equals("SparkListenerStageSubmitted")
            && e.path("Stage Info").path("Stage Name").asText().contains("TaskEngine")) {
          stages.add(e.path("Stage Info").path("Stage ID").asLong());
        } else if (kind.equals("SparkListenerTaskEnd") && stages.contains(e.path("Stage ID").asLong())) {
          executors.add(e.path("Task Info").path("Executor ID").asText());
        }
      }
    }
    return executors;
  }

  private static Process start(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "@" + Path.of("..", "conf", "java17.options").toAbsolutePath().normalize(),
        "-cp", sparkHome.resolve("jars").toAbsolutePath() + "/*"));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toAbsolutePath().toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.13"); // a binary distribution's layout: jars/ only
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return pb.start();
  }

  private static void waitForLog(String name, String text, int seconds) throws Exception {
    Path log = dir.resolve(name + ".log");
    long end = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < end) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(name + " did not log '" + text + "' within " + seconds + " s:\n"
        + tail(Files.exists(log) ? Files.readString(log) : ""));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(String log) {
    return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
  }
}
