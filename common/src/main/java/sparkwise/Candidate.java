package sparkwise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One proposal: a model family and its hyperparameters, numbered in proposal order, trained on
 * {@code fraction} of each fold's training rows (below 1 only on the lower rungs of successive
 * halving; only trials on all rows compete for the final model).
 */
public record Candidate(int seq, String family, Map<String, Object> params, double fraction) {
  /** Ensembles are numbered from here: their ids read e0000, e0001, … */
  public static final int ENSEMBLE_BASE = 90_000;

  public Candidate(int seq, String family, Map<String, Object> params) {
    this(seq, family, params, 1.0);
  }

  /** This candidate trained on {@code f} of the rows, numbered {@code s}. */
  public Candidate at(int s, double f) {
    return new Candidate(s, family, params, f);
  }

  public boolean onAllRows() {
    return fraction >= 1.0;
  }

  public String trialId() {
    return seq >= ENSEMBLE_BASE ? String.format("e%04d", seq - ENSEMBLE_BASE) : String.format("t%04d", seq);
  }

  public String paramsJson() {
    ObjectNode n = new ObjectMapper().createObjectNode();
    params.forEach((k, v) -> {
      if (v instanceof Integer i) {
        n.put(k, i);
      } else if (v instanceof Long l) {
        n.put(k, l);
      } else if (v instanceof Double d) {
        n.put(k, d);
      } else {
        n.put(k, String.valueOf(v));
      }
    });
    return n.toString();
  }

  /** The candidate a trial row recorded ({@link #paramsJson} read back with its value types). */
  public static Candidate fromJson(int seq, String family, String paramsJson, Double fraction) {
    java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
    try {
      new ObjectMapper().readTree(paramsJson).fields().forEachRemaining(e -> {
        var v = e.getValue();
        params.put(e.getKey(), v.isInt() ? (Object) v.intValue() : v.isLong() ? (Object) v.longValue()
            : v.isNumber() ? (Object) v.doubleValue() : v.asText());
      });
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("invalid params JSON of trial " + seq + ": " + paramsJson, e);
    }
    return new Candidate(seq, family, params, fraction == null ? 1.0 : fraction);
  }
}
