package sparkwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A multilayer perceptron whose input and output layers are sized from the data it is fitted
 * on (features vector width, number of classes), so the search only chooses the hidden layer.
 * Used while searching and refitting only: what it fits, and what a saved Pipeline holds, is
 * Spark's own {@link MultilayerPerceptronClassificationModel}.
 */
final class SizedPerceptron extends Estimator<MultilayerPerceptronClassificationModel> {
  private final String uid;
  private final MultilayerPerceptronClassifier template;
  private final int hidden;

  SizedPerceptron(MultilayerPerceptronClassifier template, int hidden) {
    this(Identifiable$.MODULE$.randomUID("sizedMlp"), template, hidden);
  }

  private SizedPerceptron(String uid, MultilayerPerceptronClassifier template, int hidden) {
    this.uid = uid;
    this.template = template;
    this.hidden = hidden;
  }

  @Override
  public MultilayerPerceptronClassificationModel fit(Dataset<?> dataset) {
    String features = template.getFeaturesCol();
    int inputs = AttributeGroup.fromStructField(dataset.schema().apply(features)).size();
    if (inputs < 0) {
      inputs = ((Vector) dataset.select(features).head().get(0)).size();
    }
    Row top = dataset.select(max(col(template.getLabelCol()))).head();
    int classes = Math.max(2, (int) Math.round(((Number) top.get(0)).doubleValue()) + 1);
    MultilayerPerceptronClassifier m = template.copy(ParamMap.empty()).setLayers(new int[] {inputs, hidden, classes});
    return m.fit(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return template.transformSchema(schema);
  }

  @Override
  public SizedPerceptron copy(ParamMap extra) {
    return new SizedPerceptron(uid, template.copy(extra), hidden);
  }

  @Override
  public String uid() {
    return uid;
  }
}
