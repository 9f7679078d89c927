package sparkwise.jobs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import sparkwise.testing.TestData;

/**
 * The class path and class archive (AppCDS) of the CLI processes that the crash and race tests
 * start, as {@code scripts/sparkwise} gives users one. Each of those processes loads some 20,000
 * classes of Spark, Delta and XGBoost; mapped in from an archive, a crash-test train of 600 rows
 * took 21 s instead of 29 s (its start 5 s instead of 11 s), and a CI run starts some 25 of them.
 *
 * <p>The JVM archives no class from a directory on the class path (it refuses to write the archive
 * at all), so the module's class folders go on the path as jars. The archive is written once, by a
 * train, a registration and a score in one JVM ({@link CliArchiveRun}), and shared by the test
 * JVMs (forks) under a file lock; it is rewritten when any entry of the class path is newer.
 * Without it (its run failed, or {@code SPARKWISE_CDS=off}) the processes start the slow way: the
 * archive changes how long a test takes, never what it checks.
 */
final class CliClassArchive {
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "cli-process");
  private static final Path ARCHIVE = DIR.resolve("classes.jsa");
  private static List<String> options;

  private CliClassArchive() {}

  /** The JVM options that run the CLI on the jarred class path, with the archive when there is one. */
  static synchronized List<String> options() {
    if (options == null) {
      try {
        Files.createDirectories(DIR);
        try (FileChannel ch = FileChannel.open(DIR.resolve("lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
          String classPath = jarredClassPath();
          List<String> o = new ArrayList<>();
          boolean wanted = !"off".equals(System.getenv("SPARKWISE_CDS")); // as scripts/sparkwise reads it
          if (wanted && (archiveUpToDate(classPath) || writeArchive(classPath))) {
            // Mapped where it was written: relocating ~200 MB costs about 0.45 s of each start.
            o.addAll(List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:ArchiveRelocationMode=0"));
          }
          o.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", classPath));
          options = List.copyOf(o);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return options;
  }

  /** This JVM's class path with every directory replaced by a jar of it (rewritten when older than a file in it). */
  private static String jarredClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        entries.add(entry);
        continue;
      }
      Path jar = DIR.resolve(i++ + "-" + p.getParent().getParent().getFileName() + "-" + p.getFileName() + ".jar");
      if (!Files.exists(jar) || newestIn(p) > Files.getLastModifiedTime(jar).toMillis()) {
        Path part = DIR.resolve(jar.getFileName() + ".part");
        Files.deleteIfExists(part);
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
        int code = tool.run(System.out, System.err, "--create", "--file", part.toString(), "-C", p.toString(), ".");
        if (code != 0) {
          throw new IOException("jar of " + p + " failed with exit " + code);
        }
        Files.move(part, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      entries.add(jar.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static long newestIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
    }
  }

  private static boolean archiveUpToDate(String classPath) {
    if (!Files.exists(ARCHIVE)) {
      return false;
    }
    long written = ARCHIVE.toFile().lastModified();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (new File(entry).lastModified() > written) {
        return false;
      }
    }
    return true;
  }

  /** Runs {@link CliArchiveRun} with the archive written at its exit; false (and the reason printed) when it fails. */
  private static boolean writeArchive(String classPath) throws IOException {
    Path work = Files.createTempDirectory("sparkwise-cli-archive");
    Path part = DIR.resolve("classes.jsa.part");
    Files.deleteIfExists(part);
    Files.deleteIfExists(ARCHIVE);
    Path csv = TestData.churnCsv(work, 600, "city");
    List<String> cmd = new ArrayList<>(CliProcess.jvm());
    cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + part, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", classPath,
        CliArchiveRun.class.getName(), csv.toString(), work.toString()));
    Path log = work.resolve("archive-run.log");
    long t = System.currentTimeMillis();
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      if (!p.isAlive() && p.exitValue() == 0 && Files.size(part) > 0) {
        Files.move(part, ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("CLI class archive written in %d s%n", (System.currentTimeMillis() - t) / 1000);
        return true;
      }
      System.err.println("CLI class archive not written; the processes start without it:\n" + Files.readString(log));
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      deleteTree(work); // its warehouse and log: printed above if it failed
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e);
    }
  }
}
