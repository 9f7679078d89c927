package sparkwise.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * What a search reuses from an earlier run: {@code seeds}, configurations proposed first (the
 * earlier model's own first, then the best of each other family), and {@code priors}, the earlier
 * trials as observations for history-driven strategies, only when the feature plan is the same
 * (the same task, label and feature columns), since their metrics describe other features otherwise.
 * {@code source} says where they came from (a registry reference or run id, and the run);
 * {@code firstSeedFitSeconds} is what one fold's fit of the first seed took in the earlier run
 * (NaN when unknown), so that a run whose clock ran out can still fit it, or knows it cannot.
 */
public record WarmStart(String source, String runId, List<Candidate> seeds, List<TrialResult> priors, String reason,
    double firstSeedFitSeconds) {
  /** Seeds at most: the earlier model's configuration and the best of up to four other families. */
  public static final int MAX_SEEDS = 5;

  /**
   * The warm start from an earlier run's trials. {@code champion} (the earlier model's family and
   * parameters, null when it was an ensemble or unknown) goes first; then the best trial on all
   * rows of each family, best first. Ties break on the trial's number, so the same history gives
   * the same seeds.
   */
  public static WarmStart of(String source, String runId, List<TrialResult> earlier, boolean largerIsBetter,
      Candidate champion, boolean samePlan, String reason) {
    List<TrialResult> ranked = earlier.stream().filter(TrialResult::eligible).filter(t -> Double.isFinite(t.mean()))
        .sorted(TrialResult.bestFirst(largerIsBetter).thenComparingInt(t -> t.candidate().seq()))
        .toList();
    Map<String, Candidate> seeds = new LinkedHashMap<>();
    if (champion != null) {
      seeds.put(key(champion), champion);
    } else if (!ranked.isEmpty()) {
      seeds.put(key(ranked.get(0).candidate()), ranked.get(0).candidate());
    }
    java.util.Set<String> families = new java.util.HashSet<>();
    seeds.values().forEach(c -> families.add(c.family()));
    for (TrialResult t : ranked) {
      if (seeds.size() >= MAX_SEEDS) {
        break;
      }
      if (families.add(t.candidate().family())) {
        seeds.putIfAbsent(key(t.candidate()), t.candidate());
      }
    }
    List<Candidate> ordered = new ArrayList<>();
    for (Candidate c : seeds.values()) {
      ordered.add(new Candidate(ordered.size(), c.family(), c.params(), 1.0));
    }
    List<TrialResult> priors = new ArrayList<>();
    if (samePlan) { // numbered below zero: they are no trial of this run
      for (TrialResult t : ranked) {
        Candidate c = t.candidate();
        priors.add(new TrialResult(new Candidate(-1 - priors.size(), c.family(), c.params(), 1.0), t.variant(),
            t.status(), t.foldMetrics(), t.mean(), t.std(), t.fitSeconds(), t.startedAtMillis(), t.endedAtMillis(),
            t.error(), t.engine()));
      }
    }
    double firstSeconds = ordered.isEmpty() ? Double.NaN : earlier.stream().filter(TrialResult::eligible)
        .filter(t -> key(t.candidate()).equals(key(ordered.get(0))))
        .mapToDouble(t -> t.fitSeconds() / Math.max(1, t.foldMetrics().size()))
        .findFirst().orElse(Double.NaN);
    return new WarmStart(source, runId, List.copyOf(ordered), List.copyOf(priors), reason, firstSeconds);
  }

  /** Only the seeds whose family this search may use. */
  public WarmStart within(java.util.Set<String> familyNames) {
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : seeds) {
      if (familyNames.contains(c.family())) {
        kept.add(new Candidate(kept.size(), c.family(), c.params(), 1.0));
      }
    }
    boolean firstKept = !seeds.isEmpty() && !kept.isEmpty() && key(seeds.get(0)).equals(key(kept.get(0)));
    return new WarmStart(source, runId, List.copyOf(kept),
        priors.stream().filter(t -> familyNames.contains(t.candidate().family())).toList(), reason,
        firstKept ? firstSeedFitSeconds : Double.NaN);
  }

  private static String key(Candidate c) {
    return c.family() + " " + c.paramsJson();
  }
}
