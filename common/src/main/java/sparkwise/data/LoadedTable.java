package sparkwise.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkwise.MalformedRows;
import sparkwise.InputInfo;

/**
 * A table read by {@link DataSource}, with what it was; {@code malformedRowsDropped} counts the
 * CSV rows left out under {@link MalformedRows#DROP}; {@code storedBytes} gives what its files hold
 * on storage (for a Delta table also files of earlier versions not yet vacuumed), -1 when unknown
 * (a catalog table). It lists the folder when asked, so only a caller that needs it (score) pays.
 */
public record LoadedTable(Dataset<Row> data, InputInfo info, long malformedRowsDropped,
    java.util.function.LongSupplier storedBytes) {
  public LoadedTable(Dataset<Row> data, InputInfo info) {
    this(data, info, 0, () -> -1);
  }
}
