package sparkwise.tracking;

import java.sql.Timestamp;

/**
 * One row of the {@code runs} table: a run's provenance, state and outcome; {@code timingJson}
 * holds the budget, phase times and estimates, overrun and cuts of a completed run.
 */
public record RunRecord(
    String runId,
    String status,
    Timestamp startedAt,
    Timestamp endedAt,
    String task,
    String label,
    long seed,
    String configJson,
    String configHash,
    String inputPath,
    String inputFormat,
    Long inputDeltaVersion,
    Long rows,
    String metric,
    String bestModel,
    Double cvMean,
    String holdoutJson,
    String modelPath,
    String profileJson,
    String error,
    String sparkwiseVersion,
    String sparkVersion,
    String javaVersion,
    String inputFingerprint,
    String timingJson) {

  /** The record of a run that failed with {@code error} at {@code endedAt}. */
  public RunRecord failed(Timestamp endedAt, String error) {
    return new RunRecord(runId, "failed", startedAt, endedAt, null, label, seed, configJson, configHash, inputPath,
        inputFormat, inputDeltaVersion, null, null, null, null, null, null, null, error, sparkwiseVersion,
        sparkVersion, javaVersion, inputFingerprint, timingJson);
  }

  /** The record of this run completed at {@code endedAt} with its outcome and where its time went. */
  public RunRecord completed(Timestamp endedAt, String task, long usableRows, String metric, String bestModel,
      Double cvMean, String holdoutJson, String modelPath, String profileJson, String timing) {
    return new RunRecord(runId, "completed", startedAt, endedAt, task, label, seed, configJson, configHash,
        inputPath, inputFormat, inputDeltaVersion, usableRows, metric, bestModel, cvMean, holdoutJson, modelPath,
        profileJson, null, sparkwiseVersion, sparkVersion, javaVersion, inputFingerprint, timing);
  }

  /** This completed record, ended at {@code endedAt} with {@code timing}: a run saved earlier and recorded now. */
  public RunRecord finishedAt(Timestamp at, String timing) {
    return new RunRecord(runId, status, startedAt, at, task, label, seed, configJson, configHash, inputPath,
        inputFormat, inputDeltaVersion, rows, metric, bestModel, cvMean, holdoutJson, modelPath, profileJson, error,
        sparkwiseVersion, sparkVersion, javaVersion, inputFingerprint, timing);
  }
}
