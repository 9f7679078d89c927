package sparkwise.models;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Versions;

/**
 * A saved pipeline's stages as one Java-serialized file ({@value #FILE}) beside Spark's own layout.
 * Spark reads a pipeline stage by stage, each stage one or more tiny Spark jobs for its metadata
 * and its data: an ensemble of three members over two feature variants is ~95 jobs and 7 s, most
 * of {@code score}'s time on 30,000 rows, where this file reads in a tenth of a second.
 *
 * <p>It is a cache, never the model: the folder stays what plain {@code PipelineModel.load} reads,
 * and the file is used only when the same Sparkwise and Spark versions wrote it beside the very
 * files the folder holds now (their relative paths and lengths). Otherwise, or when it cannot be
 * read, the stages are read from the folder. Only JDK, Scala, Spark ML, XGBoost and Sparkwise
 * classes are deserialized.
 */
final class PipelineSnapshot {
  static final String FILE = "sparkwise-pipeline.bin";
  private static final Logger LOG = LoggerFactory.getLogger(PipelineSnapshot.class);
  private static final String MAGIC = "sparkwise-pipeline-snapshot/1";
  static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(
      "maxdepth=200;maxrefs=50000000;java.lang.*;java.lang.invoke.SerializedLambda;java.util.*;scala.**;"
          + "org.apache.spark.ml.**;org.apache.spark.mllib.**;org.apache.spark.util.collection.*;"
          + "org.apache.spark.sql.types.*;ml.dmlc.xgboost4j.**;sparkwise.**;!*");

  private PipelineSnapshot() {}

  /**
   * Writes the snapshot of {@code model} into its saved folder {@code path}, after the folder's
   * own files. A failure leaves the model as saved: it is logged, and loads read the folder.
   */
  static void write(SparkSession spark, PipelineModel model, String path) {
    Path file = new Path(path, FILE);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<String> files = files(fs, new Path(path));
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(file, false), 1 << 16))) {
        header(out, files);
        ObjectOutputStream objects = new Writer(out);
        objects.writeObject(model);
        objects.flush();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("the model at {} is saved without its one-file snapshot (loads read its stages): {}", path,
          e.toString());
      try {
        file.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(file, false);
      } catch (IOException ignored) {
        // a partial file fails its own checks when read
      }
    }
  }

  /** The pipeline saved at {@code path}, from its snapshot, or empty when there is none it can trust. */
  static Optional<PipelineModel> read(SparkSession spark, String path) {
    Path file = new Path(path, FILE);
    String[] refused = new String[1];
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(file), 1 << 16))) {
        String why = mismatch(in, files(fs, new Path(path)));
        if (why != null) {
          LOG.info("not using the snapshot of the model at {}: {}", path, why);
          return Optional.empty();
        }
        ObjectInputStream objects = new ObjectInputStream(in);
        objects.setObjectInputFilter(info -> {
          ObjectInputFilter.Status s = CLASSES.checkInput(info);
          if (s == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
            refused[0] = String.valueOf(info.serialClass());
          }
          return s;
        });
        return Optional.of((PipelineModel) objects.readObject());
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      LOG.info("not using the snapshot of the model at {}: {}{}", path, e.toString(),
          refused[0] == null ? "" : " (" + refused[0] + ")");
      return Optional.empty();
    }
  }

  /**
   * Object output that leaves out training summaries (they hold the training rows' query and its
   * session, which a saved model never has) and refuses any class the reader would refuse, so that
   * a snapshot is written only when it can be read.
   */
  private static final class Writer extends ObjectOutputStream {
    Writer(java.io.OutputStream out) throws IOException {
      super(out);
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      if (obj instanceof scala.Some<?> some && some.get() instanceof org.apache.spark.ml.util.Summary) {
        return scala.None$.MODULE$;
      }
      for (Class<?> c = obj.getClass(); c != null && java.io.Serializable.class.isAssignableFrom(c);
          c = c.getSuperclass()) {
        if (CLASSES.checkInput(new Info(c)) == ObjectInputFilter.Status.REJECTED) {
          throw new java.io.NotSerializableException(c.getName() + " is not read back from a snapshot");
        }
      }
      return obj;
    }
  }

  /** One class, as the input filter sees it. */
  record Info(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
    @Override public long arrayLength() { return -1; }
    @Override public long depth() { return 1; }
    @Override public long references() { return 1; }
    @Override public long streamBytes() { return 0; }
  }

  private static void header(DataOutputStream out, List<String> files) throws IOException {
    out.writeUTF(MAGIC);
    out.writeUTF(Versions.sparkwise());
    out.writeUTF(Versions.spark());
    out.writeInt(files.size());
    for (String f : files) {
      out.writeUTF(f);
    }
  }

  /** Why the snapshot behind {@code in} does not describe the folder holding {@code files}, or null. */
  private static String mismatch(DataInputStream in, List<String> files) throws IOException {
    if (!MAGIC.equals(in.readUTF())) {
      return "not a snapshot file";
    }
    String sparkwise = in.readUTF();
    String spark = in.readUTF();
    if (!sparkwise.equals(Versions.sparkwise()) || !spark.equals(Versions.spark())) {
      return "written by Sparkwise " + sparkwise + " on Spark " + spark;
    }
    int n = in.readInt();
    List<String> written = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      written.add(in.readUTF());
    }
    return written.equals(files) ? null : "the folder's files changed since it was written";
  }

  /**
   * The model's own files under {@code metadata/} and {@code stages/}, as relative path and
   * length, sorted. Checksums and markers are left out: copies between file systems often drop them.
   */
  private static List<String> files(FileSystem fs, Path root) throws IOException {
    List<String> out = new ArrayList<>();
    String prefix = fs.makeQualified(root).toUri().getPath();
    for (String dir : List.of("metadata", "stages")) {
      Path d = new Path(root, dir);
      if (!fs.exists(d)) {
        continue;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(d, true);
      while (it.hasNext()) {
        LocatedFileStatus s = it.next();
        String name = s.getPath().getName();
        if (!name.startsWith(".") && !name.startsWith("_")) {
          String rel = s.getPath().toUri().getPath().substring(prefix.length());
          out.add(rel + " " + s.getLen());
        }
      }
    }
    out.sort(null);
    return out;
  }
}
