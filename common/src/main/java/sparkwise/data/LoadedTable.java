package sparkwise.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.config.MalformedRows;

/**
 * A table read by {@link DataSource}, with what it was; {@code malformedRowsDropped} counts the
 * CSV rows left out under {@link MalformedRows#DROP}.
 */
public record LoadedTable(Dataset<Row> data, InputInfo info, long malformedRowsDropped) {
  public LoadedTable(Dataset<Row> data, InputInfo info) {
    this(data, info, 0);
  }
}
