package sparkwise.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code Pipeline.fit}, with the rows materialised after each fitted stage when they are few. A
 * pipeline fit transforms the rows through every earlier stage again for each job of each later
 * fit; on a small fold that recomputation, with interpreted expressions, is most of the
 * preprocessing's time. A local checkpoint after each estimator keeps every later fit's input a
 * scan of rows already computed (one short job each, and short plans).
 */
public final class StagewiseFit {
  private StagewiseFit() {}

  /**
   * As {@link #fit(List, Dataset)}, with the first stages already fitted on these same rows
   * ({@code fitted}, possibly none): they are applied, not fitted again.
   */
  public static PipelineModel fit(List<PipelineStage> stages, List<Transformer> fitted, Dataset<Row> rows) {
    if (fitted.isEmpty()) {
      return fit(stages, rows);
    }
    Dataset<Row> applied = new PipelineModel(Identifiable$.MODULE$.randomUID("pipeline"),
        fitted.toArray(Transformer[]::new)).transform(rows);
    boolean materialise = Interpreted.isOn(rows.sparkSession()) && fitted.size() < stages.size();
    Dataset<Row> input = materialise ? applied.localCheckpoint(true) : applied;
    try {
      PipelineModel rest = fit(stages.subList(fitted.size(), stages.size()), input);
      List<Transformer> all = new ArrayList<>(fitted);
      all.addAll(List.of(rest.stages()));
      return new PipelineModel(Identifiable$.MODULE$.randomUID("pipeline"), all.toArray(Transformer[]::new));
    } finally {
      if (materialise) {
        input.unpersist();
      }
    }
  }

  /** The fitted pipeline of {@code stages} on {@code rows}, materialised between stages when the run is interpreted (small). */
  public static PipelineModel fit(List<PipelineStage> stages, Dataset<Row> rows) {
    boolean materialise = Interpreted.isOn(rows.sparkSession());
    int lastEstimator = -1;
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i) instanceof Estimator<?>) {
        lastEstimator = i;
      }
    }
    List<Transformer> fitted = new ArrayList<>();
    Dataset<Row> current = rows;
    List<Dataset<Row>> kept = new ArrayList<>();
    try {
      for (int i = 0; i < stages.size(); i++) {
        PipelineStage s = stages.get(i);
        Transformer t = s instanceof Estimator<?> e ? (Transformer) e.fit(current) : (Transformer) s;
        fitted.add(t);
        if (i < lastEstimator) {
          current = t.transform(current);
          if (materialise && s instanceof Estimator<?>) {
            current = current.localCheckpoint(true);
            kept.add(current);
          }
        }
      }
    } finally {
      kept.forEach(Dataset::unpersist);
    }
    return new PipelineModel(Identifiable$.MODULE$.randomUID("pipeline"), fitted.toArray(Transformer[]::new));
  }
}
