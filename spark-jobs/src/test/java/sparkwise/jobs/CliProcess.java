package sparkwise.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as its own OS process ({@code java ... sparkwise.jobs.Main} on the test class path, with
 * its class archive: {@link CliClassArchive}), as a scheduler runs it: it can be told to pause at a
 * named point of its run ({@code sparkwise.data.PausePoints}), killed with SIGKILL, or released,
 * and its output read back.
 * Each process records when it started and ended, for tests that must show two of them overlapped.
 */
final class CliProcess {
  /** Every process started, killed when the test JVM exits: a failed test must not leave one paused forever. */
  private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
  }

  private final Process process;
  private final Path log;
  private final String name;
  final long startedAt;
  private long endedAt = -1;

  private CliProcess(String name, Process process, Path log, long startedAt) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedAt = startedAt;
  }

  /** Starts the CLI with {@code args}; {@code pauseAt} (or null) names points to pause at until {@code release} exists. */
  static CliProcess start(Path dir, String name, String pauseAt, Path release, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(jvm());
    if (pauseAt != null) {
      cmd.add("-Dsparkwise.pause.at=" + pauseAt);
    }
    if (release != null) {
      cmd.add("-Dsparkwise.pause.release=" + release);
    }
    cmd.addAll(CliClassArchive.options());
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    long t = System.currentTimeMillis();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    STARTED.add(p);
    return new CliProcess(name, p, log, t);
  }

  /** The java command and the options every CLI process runs with, before its class path. */
  static List<String> jvm() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path options = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/java17.options");
    if (Files.exists(options)) {
      cmd.add("@" + options);
    }
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=256m",
        "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-Dspark.sql.shuffle.partitions=2", "-Dspark.databricks.delta.snapshotPartitions=2",
        // Expressions interpreted: these processes are about crashes and races on tables of a few
        // hundred rows, where compiling each query's generated code in a fresh JVM is most of the
        // query's time (a 748-row train run: 36.4 -> 33.1 s).
        "-Dspark.sql.codegen.factoryMode=NO_CODEGEN", "-Dspark.sql.codegen.wholeStage=false",
        "-Dlog4j2.configurationFile=" + Path.of(System.getProperty("user.dir")).getParent()
            .resolve("conf/log4j2-test.properties")));
    return cmd;
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Waits until the process says it paused at {@code point}; fails if it ends first or takes too long. */
  void awaitPause(String point, long timeoutSeconds) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutSeconds * 1000;
    while (!output().contains("sparkwise: paused at " + point)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before pausing at " + point
            + "\n" + tail());
      }
      if (System.currentTimeMillis() > end) {
        kill();
        throw new AssertionError(name + " did not pause at " + point + " in " + timeoutSeconds + "s\n" + tail());
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL: no shutdown hook, no finally block, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    endedAt = System.currentTimeMillis();
  }

  /** Waits for the exit code. */
  int await(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      kill();
      throw new AssertionError(name + " still running after " + timeoutSeconds + "s\n" + tail());
    }
    endedAt = System.currentTimeMillis();
    return process.exitValue();
  }

  long endedAt() {
    return endedAt;
  }

  String tail() {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public String toString() {
    return name + "\n" + tail();
  }
}
