package sparkwise.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import sparkwise.Errors;
import sparkwise.Parameter;
import sparkwise.TrialResult;
import sparkwise.tracking.DeltaTracker;

/**
 * A run's HTML report: {@code <warehouse>/reports/<run_id>.html}, rebuilt at any time from what the
 * run left (its rows in the Delta tables and the JSON files beside its model).
 */
public final class Reports {
  public static final String SUMMARY_FILE = "sparkwise-summary.json";
  public static final String PROFILE_FILE = "sparkwise-profile.json";
  public static final String EVALUATION_FILE = "sparkwise-evaluation.json";

  private Reports() {}

  public static String pathFor(String warehouse, String runId) {
    return new Path(new Path(warehouse, "reports"), runId + ".html").toString();
  }

  /** Writes (or rewrites) the report of a completed run; returns its path. */
  public static String write(SparkSession spark, String warehouse, String runId) {
    return write(spark, warehouse, runId, load(spark, warehouse, runId));
  }

  /** Writes the report of run {@code runId} from {@code data} the caller already holds (no table read). */
  public static String write(SparkSession spark, String warehouse, String runId, ReportData data) {
    String path = pathFor(warehouse, runId);
    String html = new HtmlReport(data).render();
    Path p = new Path(path);
    // A private FileSystem instance: no .crc file beside the report, and Spark's cached one untouched.
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), spark.sparkContext().hadoopConfiguration())) {
      fs.setWriteChecksum(false);
      Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(p, false);
      if (!fs.rename(tmp, p)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException | RuntimeException e) {
      throw Errors.storage(path, "cannot write the report", e);
    }
    return path;
  }

  static ReportData load(SparkSession spark, String warehouse, String runId) {
    DeltaTracker tracker = new DeltaTracker(spark, warehouse);
    Row run = tracker.run(runId).orElseThrow(() -> Errors.config(Parameter.RUN,
        "no run '" + runId + "' under " + warehouse + " (the runs table lists its runs)"));
    if (!"completed".equals(run.getAs("status"))) {
      throw Errors.config(Parameter.RUN, "run '" + runId + "' is " + run.getAs("status")
          + "; reports are written for completed runs");
    }
    String modelPath = run.getAs("model_path");
    JsonNode summary = readJson(spark, modelPath, SUMMARY_FILE, true);
    JsonNode profile = readJson(spark, modelPath, PROFILE_FILE, false);
    JsonNode evaluation = readJson(spark, modelPath, EVALUATION_FILE, false);
    List<TrialResult> trials = tracker.trials(runId);
    Map<String, String> fields = new LinkedHashMap<>();
    for (StructField f : run.schema().fields()) {
      Object v = run.getAs(f.name());
      if (v != null) {
        fields.put(f.name(), v.toString());
      }
    }
    Timestamp started = run.getAs("started_at");
    if (started != null) {
      fields.put("started_at_millis", String.valueOf(started.getTime()));
    }
    return new ReportData(summary, profile, evaluation, trials, fields);
  }

  private static JsonNode readJson(SparkSession spark, String dir, String name, boolean required) {
    Path p = new Path(dir, name);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        if (required) {
          throw Errors.storage(p.toString(), "is missing: the run's model folder is incomplete", null);
        }
        return null;
      }
      try (InputStream in = fs.open(p)) {
        return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.storage(p.toString(), "cannot read", e);
    }
  }
}
