package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/**
 * The rows a Delta write wrote, as {@code score} reports them: read from the newest commit's log
 * file, that commit's own count (an overwrite's, not the table's first); a newest commit that
 * counted no written rows (a DELETE) is answered from the table's history or by reading it back.
 */
class TableWriterRowsTest {
  @TempDir Path dir;

  @Test
  void theNewestWriteCommitsRowCountIsTheAnswer() {
    SparkSession spark = SharedSpark.session();
    String dst = dir.resolve("scores").toString();
    TableWriter.write(spark, spark.range(37).toDF("id"), dst, false);
    assertEquals(37, TableWriter.lastCommitRows(spark, dst).orElseThrow());
    assertEquals(37, TableWriter.rowsWritten(spark, dst));

    TableWriter.write(spark, spark.range(5).toDF("id"), dst, true);
    assertEquals(5, TableWriter.lastCommitRows(spark, dst).orElseThrow(), "the overwrite's rows, not the first write's");

    io.delta.tables.DeltaTable.forPath(spark, dst).delete("id = 0");
    assertTrue(TableWriter.lastCommitRows(spark, dst).isEmpty(), "a DELETE wrote no rows of a result");
    assertEquals(4, TableWriter.rowsWritten(spark, dst), "by the table's history or by reading it back");
  }
}
