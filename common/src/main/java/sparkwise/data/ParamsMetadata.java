package sparkwise.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.sql.SparkSession;
import org.json4s.JObject;
import org.json4s.JValue;
import scala.Option;

/**
 * A stage's Spark ML metadata ({@code <path>/metadata}: the class, uid, params and Spark version
 * as one JSON line), written with the file system instead of a Spark job. Spark's own writer makes
 * a one-row DataFrame and runs a text-file write job for every stage and nested pipeline: ~20 of
 * the ~56 small jobs that saved an ensemble of three members, each seconds of driver time on a
 * cold JVM. The JSON is Spark's ({@code DefaultParamsWriter.getMetadataToSave}) and the folder
 * holds the same files, so Spark's readers read it as their own.
 */
public final class ParamsMetadata {
  private static final String PART = "part-00000";
  private static final String SUCCESS = "_SUCCESS";

  private ParamsMetadata() {}

  /** As {@code DefaultParamsWriter.saveMetadata(instance, path, spark)}. */
  public static void save(Params instance, String path, SparkSession spark) {
    save(instance, path, spark, Option.empty(), Option.empty());
  }

  /** As {@code DefaultParamsWriter.saveMetadata}: {@code extra} fields, and {@code paramMap} in place of the params. */
  public static void save(Params instance, String path, SparkSession spark, Option<JObject> extra,
      Option<JValue> paramMap) {
    String json = DefaultParamsWriter$.MODULE$.getMetadataToSave(instance, spark, extra, paramMap);
    Path dir = new Path(path, "metadata");
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(dir)) { // as Spark's writer, which never overwrites here
        throw new IOException("Path " + dir + " already exists");
      }
      try (FSDataOutputStream out = fs.create(new Path(dir, PART), false)) {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      }
      fs.create(new Path(dir, SUCCESS), false).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the metadata of " + instance.uid() + " to " + path, e);
    }
  }
}
