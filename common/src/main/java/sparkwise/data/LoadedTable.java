package sparkwise.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A table read by {@link DataSource}, with what it was. */
public record LoadedTable(Dataset<Row> data, InputInfo info) {}
