package sparkwise.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/** Ensembles as leaderboard entries: family {@code ensemble_<method>}, params listing members and weights. */
public final class Ensembles {
  private Ensembles() {}

  /** Whether a leaderboard entry is an ensemble rather than one trial's model. */
  public static boolean isEnsemble(TrialResult t) {
    return t.candidate().seq() >= Candidate.ENSEMBLE_BASE;
  }

  /**
   * Whether stacking {@code members} trials' predictions of {@code rows} rows kept on the driver is
   * fitted in memory (milliseconds) rather than by MLlib (a Spark job per solver iteration).
   */
  public static boolean stacksInMemory(sparkwise.Task task, long rows, int members, int classes) {
    return task != sparkwise.Task.MULTICLASS || rows <= Integer.MAX_VALUE
        && MulticlassMetaLearner.fits((int) rows, members, classes);
  }

  public static TrialResult asTrial(int seq, Ensembler.Result e) {
    List<String> members = new ArrayList<>();
    List<String> weights = new ArrayList<>();
    double fit = 0;
    for (int j = 0; j < e.members().size(); j++) {
      TrialResult m = e.members().get(j);
      members.add(m.candidate().trialId() + " " + m.candidate().family());
      weights.add(String.format(java.util.Locale.ROOT, "%.3f", e.weights()[j]));
      fit += m.fitSeconds();
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("members", String.join(", ", members));
    params.put("weights", e.meta() != null ? "meta-learner" : String.join(", ", weights));
    long now = System.currentTimeMillis();
    return new TrialResult(new Candidate(seq, e.family(), params), "ensemble", TrialResult.Status.OK,
        e.foldMetrics(), e.mean(), e.std(), fit, now, now, null);
  }
}
