package sparkwise.models;

/**
 * The learning rate of a refit's boosting rounds when its deadline will end them before the rounds
 * planned: the rounds that fit take a larger rate, so that the rates summed over the rounds boosted
 * come as near as {@link #MAX_ETA} allows to the plan's (eta × rounds). XGBoost's own
 * LearningRateScheduler callback changes the rate between rounds the same way. Without it a refit
 * left one round of a 600-round fit at eta 0.02 is the prior: kddcup99 at 60 s (seed 5, 22 classes)
 * predicted the majority class for every row, accuracy 0.568 against a cross-validated 0.996.
 */
final class KeptStep {
  /**
   * The largest rate a round is given: above XGBoost's default 0.3, as a round made to stand for
   * many needs its Newton step nearly whole (one tree at 0.3 moves an 80/20 prior's log-odds by a
   * third of what its leaves ask), and below 1, where each tree alone fits its leaves' noise.
   */
  static final double MAX_ETA = 0.5;

  private final double eta;
  private final double planned;
  private final int rounds;
  private double stepped;
  private long firstRoundEnd;

  /** For a fit of {@code rounds} rounds at rate {@code eta}. */
  KeptStep(double eta, int rounds) {
    this.eta = eta;
    this.rounds = rounds;
    this.planned = eta * rounds;
  }

  /**
   * The rate of round {@code round}, which begins at {@code now} ({@code began}: when round 0 did),
   * boosting ending by {@code stopAt}: the plan's rate while the rounds left fit, else the step
   * still owed shared among the rounds that will. Round 0's time includes XGBoost's setup (its
   * feature sketch) and overstates a round's: from round 2 on it is left out.
   */
  double rate(int round, long began, long now, long stopAt) {
    if (round == 1) {
      firstRoundEnd = now;
    }
    int left = rounds - round;
    int fit;
    if (now >= stopAt) {
      fit = 1; // this round is the last (round 0 runs whatever the clock says)
    } else if (round == 0) {
      fit = left;
    } else {
      double perRound = round == 1 ? now - began : (now - firstRoundEnd) / (double) (round - 1);
      fit = (int) Math.min(left, Math.ceil((stopAt - now) / Math.max(0.001, perRound)));
    }
    double r = fit >= left ? eta : Math.max(eta, Math.min(MAX_ETA, (planned - stepped) / Math.max(1, fit)));
    stepped += r;
    return r;
  }

  /**
   * The step of {@code spec}'s fit, or null where it does not apply: only boosted trees trade
   * their rate against the rounds' number.
   */
  static KeptStep of(XGBoostLocal.Spec spec) {
    boolean trees = spec.rounds() > 1 && "gbtree".equals(spec.params().getOrDefault("booster", "gbtree"));
    return trees && spec.params().get("eta") instanceof Number n ? new KeptStep(n.doubleValue(), spec.rounds()) : null;
  }

  /** The plan's rate. */
  double eta() {
    return eta;
  }
}
