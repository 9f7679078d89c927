package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import sparkwise.testing.SharedSpark;

/**
 * Every file under some paths (a warehouse, an output) with its digest, taken before a command
 * that must fail, to prove afterwards that it committed nothing: every file that was there is
 * byte-for-byte the same, and the only new files are those of a {@code runs} row that is not
 * {@code completed} (a failed run is recorded as failed).
 */
record WarehouseSnapshot(List<Path> roots, Map<Path, String> digests, long completedRuns) {

  static WarehouseSnapshot of(Path warehouse, Path... outputs) {
    List<Path> roots = Stream.concat(Stream.of(warehouse), Stream.of(outputs)).toList();
    return new WarehouseSnapshot(roots, digests(roots), completedRuns(warehouse));
  }

  /** Copies the warehouse {@code seed} to {@code copy} (a fresh place for one case) and snapshots the copy. */
  static WarehouseSnapshot copyOf(Path seed, Path copy, Path... outputs) {
    copyTree(seed, copy);
    return of(copy, outputs);
  }

  /** Copies the folder {@code from}, everything in it, to {@code to}. */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path warehouse() {
    return roots.get(0);
  }

  void assertNothingCommitted(String what) {
    Map<Path, String> now = digests(roots);
    digests.forEach((p, d) -> assertEquals(d, now.get(p), what + ": " + p + " changed or vanished"));
    Path runs = warehouse().resolve("runs");
    for (Path added : now.keySet()) {
      assertTrue(digests.containsKey(added) || added.startsWith(runs),
          what + ": wrote " + added + " (only a failed run's record may be added)");
    }
    assertEquals(completedRuns, completedRuns(warehouse()), what + ": a completed run was recorded");
  }

  /** Every file the same, none added. */
  void assertUnchanged(String what) {
    assertEquals(digests, digests(roots), what + " changed files");
  }

  private static long completedRuns(Path warehouse) {
    Path runs = warehouse.resolve("runs");
    if (!Files.isDirectory(runs.resolve("_delta_log"))) {
      return 0;
    }
    return SharedSpark.session().read().format("delta").load(runs.toString()).filter("status = 'completed'").count();
  }

  private static Map<Path, String> digests(List<Path> roots) {
    Map<Path, String> out = new TreeMap<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(Files::isRegularFile).toList()) {
          out.put(p, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
