package sparkwise.features;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.Task;

/**
 * The label as the models see it, in column {@link #COLUMN}: the class index (in the order of
 * {@link LabelInfo#classes()}) for classification, the value as a double for regression. Rows with
 * a null or unknown label are left out.
 */
public final class LabelIndex {
  public static final String COLUMN = "__label";

  private LabelIndex() {}

  public static Dataset<Row> add(Dataset<Row> df, String label, Task task, List<String> classes) {
    Dataset<Row> nonNull = df.filter(Cleaning.text(Cleaning.ref(label)).isNotNull());
    if (task == Task.REGRESSION) {
      return nonNull.withColumn(COLUMN, Cleaning.text(Cleaning.ref(label)).try_cast("double"))
          .filter(col(COLUMN).isNotNull());
    }
    Dataset<Row> asText = nonNull.withColumn("__label_text", Cleaning.text(Cleaning.ref(label)));
    StringIndexerModel indexer = new StringIndexerModel(classes.toArray(String[]::new))
        .setInputCol("__label_text").setOutputCol(COLUMN).setHandleInvalid("skip");
    return indexer.transform(asText).drop("__label_text");
  }
}
