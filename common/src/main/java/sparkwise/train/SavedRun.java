package sparkwise.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Errors;
import sparkwise.registry.ModelVersion;
import sparkwise.tracking.RunRecord;

/**
 * A model folder that is complete or absent, and that says what is left to record. The model and
 * its files are written under a staging name and renamed into place whole (one rename, atomic on
 * HDFS and local disks), with {@value #FILE}: the completed {@code runs} row and the registry
 * version still to be made. A resumed run that finds the folder makes those two records (both
 * idempotent) instead of training again; a staging folder left by a killed attempt is removed.
 */
final class SavedRun {
  private static final Logger LOG = LoggerFactory.getLogger(SavedRun.class);
  static final String FILE = "sparkwise-finish.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The records a saved run still has to make; {@code registration} is null when none was asked for. */
  record Finish(RunRecord run, ModelVersion registration) {}

  private SavedRun() {}

  static String staging(String modelPath) {
    return modelPath + ".partial";
  }

  static void writeFinish(RunContext ctx, String folder, Finish finish) {
    try {
      write(ctx, new Path(folder, FILE), JSON.writeValueAsString(finish));
    } catch (IOException e) {
      throw Errors.storage(folder, "cannot write " + FILE, e);
    }
  }

  /** Moves the staged folder into place; a reader sees the whole model or none. */
  static void publish(RunContext ctx, String modelPath) {
    Path from = new Path(staging(modelPath));
    Path to = new Path(modelPath);
    try {
      if (!fs(ctx, to).rename(from, to)) {
        throw new IOException("rename of " + from + " to " + to + " failed");
      }
    } catch (IOException e) {
      throw Errors.storage(modelPath, "cannot move the saved model into place", e);
    }
  }

  /** The records still to make for a model folder an earlier attempt of this run saved whole, if there is one. */
  static Optional<Finish> saved(RunContext ctx, String modelPath) {
    Path file = new Path(modelPath, FILE);
    try {
      FileSystem fs = fs(ctx, file);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (var in = fs.open(file)) {
        return Optional.of(JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Finish.class));
      }
    } catch (IOException e) {
      throw Errors.storage(file.toString(), "cannot read the saved run's records", e);
    }
  }

  /** Removes what a killed attempt left half-written: the staging folder, and a model folder without {@value #FILE}. */
  static void removePartial(RunContext ctx, String modelPath, boolean modelFolderToo) {
    for (String folder : modelFolderToo ? new String[] {staging(modelPath), modelPath} : new String[] {staging(modelPath)}) {
      Path p = new Path(folder);
      try {
        FileSystem fs = fs(ctx, p);
        if (fs.exists(p)) {
          LOG.info("Removing the partial model {} of an interrupted attempt", folder);
          fs.delete(p, true);
        }
      } catch (IOException e) {
        throw Errors.storage(folder, "cannot remove the partial model of the interrupted attempt", e);
      }
    }
  }

  static void write(RunContext ctx, Path p, String text) throws IOException {
    try (var out = fs(ctx, p).create(p, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static FileSystem fs(RunContext ctx, Path p) throws IOException {
    return p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
  }
}
