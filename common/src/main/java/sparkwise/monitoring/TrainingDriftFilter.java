package sparkwise.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.TrainConfig;
import sparkwise.features.DroppedColumn;
import sparkwise.features.FeaturePlanner;
import sparkwise.features.LabelInfo;
import sparkwise.features.Profile;
import sparkwise.features.SchemaGuard;

/**
 * Train-versus-score drift filter ({@code features.score_sample}): features whose distribution in
 * a sample of the data to be scored differs strongly from training are dropped before training,
 * with the reason. Same bins as {@code monitor} (training quantiles, top categories); two
 * aggregations, one per table. {@code features.keep} overrides.
 */
public final class TrainingDriftFilter {
  private TrainingDriftFilter() {}

  public static List<DroppedColumn> check(Dataset<Row> training, Dataset<Row> sample, Profile profile,
      List<String> features, LabelInfo label, TrainConfig.Features cfg) {
    List<DroppedColumn> out = new ArrayList<>();
    List<String> sampleColumns = Arrays.asList(sample.columns());
    List<String> present = new ArrayList<>();
    for (String f : features) {
      if (cfg.keep().contains(f)) {
        continue;
      }
      if (sampleColumns.contains(f)) {
        present.add(f);
      } else {
        out.add(new DroppedColumn(f, "absent from the score sample (features.score_sample)"));
      }
    }
    if (present.isEmpty()) {
      return out;
    }
    SchemaGuard guard = new SchemaGuard()
        .setColumns(present.toArray(String[]::new), FeaturePlanner.safeNames(present),
            present.stream().map(c -> profile.column(c).orElseThrow().kind().id()).toArray(String[]::new))
        .setLabel(label.name(), label.sparkType(), label.task().id());
    Baseline train = Histograms.baseline(guard.transform(training), guard, profile);
    Baseline score = Histograms.measure(guard.transform(sample), train);
    for (int i = 0; i < train.features().size(); i++) {
      FeatureHistogram a = train.features().get(i);
      FeatureHistogram b = score.features().get(i);
      double fillA = 1 - a.nullRate();
      double fillB = 1 - b.nullRate();
      if (fillA - fillB > cfg.fillRateDrop()) {
        out.add(new DroppedColumn(a.feature(), String.format(Locale.ROOT,
            "fill rate falls from %.0f %% in training to %.0f %% in the score sample (more than %.0f points)",
            100 * fillA, 100 * fillB, 100 * cfg.fillRateDrop())));
        continue;
      }
      if (a.counts().length > 0 && b.nonNull() > 0) {
        double js = jensenShannon(a.counts(), b.counts());
        if (js > cfg.driftThreshold()) {
          out.add(new DroppedColumn(a.feature(), String.format(Locale.ROOT,
              "distribution differs between training and the score sample (Jensen-Shannon divergence %.3f > %.3f)",
              js, cfg.driftThreshold())));
        }
      }
    }
    return out;
  }

  /** Jensen–Shannon divergence of two count vectors, base 2: 0 for equal shares, 1 for disjoint ones. */
  static double jensenShannon(long[] p, long[] q) {
    double np = 0;
    double nq = 0;
    for (int i = 0; i < p.length; i++) {
      np += p[i];
      nq += q[i];
    }
    if (np == 0 || nq == 0) {
      return 0;
    }
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / np;
      double b = q[i] / nq;
      double m = (a + b) / 2;
      if (a > 0) {
        js += 0.5 * a * Math.log(a / m);
      }
      if (b > 0) {
        js += 0.5 * b * Math.log(b / m);
      }
    }
    return js / Math.log(2);
  }
}
