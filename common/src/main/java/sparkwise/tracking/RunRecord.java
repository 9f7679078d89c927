package sparkwise.tracking;

import java.sql.Timestamp;

/** One row of the {@code runs} table: a run's provenance, state and outcome. */
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
    String inputFingerprint) {}
