package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;
import sparkwise.InputInfo;

/** Small tables switch the session to interpreted queries while they are used; large ones do not; overlaps restore once. */
class InterpretedTest {
  private static final String FACTORY = "spark.sql.codegen.factoryMode";
  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";

  @Test
  void smallTablesRunInterpretedAndTheSessionsSettingsComeBack() {
    SparkSession spark = SharedSpark.session();
    String factory = spark.conf().get(FACTORY, "FALLBACK");
    String wholeStage = spark.conf().get(WHOLE_STAGE, "true");
    Dataset<Row> small = spark.range(1000).toDF();
    Dataset<Row> large = spark.range(20_000_000).toDF(); // 160 MB by Spark's estimate: no job runs here

    try (Interpreted ignored = Interpreted.whenSmall(large)) {
      assertEquals(factory, spark.conf().get(FACTORY, "FALLBACK"), "a large table keeps generated code");
    }
    Interpreted first = Interpreted.whenSmall(small);
    assertEquals("NO_CODEGEN", spark.conf().get(FACTORY));
    assertEquals("false", spark.conf().get(WHOLE_STAGE));
    assertEquals(499_500L, small.selectExpr("sum(id)").first().getLong(0), "queries still answer");
    Interpreted second = Interpreted.whenSmall(small); // an overlapping run on the same session
    first.close();
    assertEquals("NO_CODEGEN", spark.conf().get(FACTORY), "still interpreted while the second run is open");
    first.close(); // closing twice (a run that left interpreted mode early, then ended) releases once
    assertEquals("NO_CODEGEN", spark.conf().get(FACTORY), "a second close of the first run does not end the second's");
    second.close();
    assertEquals(factory, spark.conf().get(FACTORY, "FALLBACK"));
    assertEquals(wholeStage, spark.conf().get(WHOLE_STAGE, "true"));
  }

  @Test
  void aProfiledTableOfMoreThanTwoMillionCellsIsNotSmall() {
    org.junit.jupiter.api.Assertions.assertTrue(Interpreted.smallCells(48_842, 14)); // adult
    org.junit.jupiter.api.Assertions.assertFalse(Interpreted.smallCells(67_557, 42)); // connect-4, a 0.3 MB gzip
    org.junit.jupiter.api.Assertions.assertFalse(Interpreted.smallCells(494_021, 41)); // kddcup99 10 %, a 2 MB gzip
    org.junit.jupiter.api.Assertions.assertFalse(Interpreted.smallFile("kddcup99_10pct.csv.gz", 1_719_715));
    org.junit.jupiter.api.Assertions.assertTrue(Interpreted.smallFile("adult.csv.gz", 594_941));
    org.junit.jupiter.api.Assertions.assertTrue(Interpreted.smallFile("kc1.csv", 151_527));
  }

  /** score decides from the input's bytes on storage, no planner statistics; a gzip's size counts 20-fold. */
  @Test
  void aLoadedTableIsJudgedByItsStoredBytes() {
    SparkSession spark = SharedSpark.session();
    String factory = spark.conf().get(FACTORY, "FALLBACK");
    // 20 million rows by Spark's estimate (160 MB): were the planner asked, this would keep generated code.
    Dataset<Row> big = spark.range(20_000_000).toDF();
    try (Interpreted ignored = Interpreted.whenAtMost(new LoadedTable(big, new InputInfo("/d/scores.parquet", "parquet", null),
        0, () -> 200_000), Interpreted.SMALL_SCORE_BYTES)) {
      assertEquals("NO_CODEGEN", spark.conf().get(FACTORY), "200 KB stored: interpreted");
    }
    try (Interpreted ignored = Interpreted.whenAtMost(new LoadedTable(big, new InputInfo("/d/scores.csv.gz", "csv", null),
        0, () -> 200_000), Interpreted.SMALL_SCORE_BYTES)) {
      assertEquals(factory, spark.conf().get(FACTORY, "FALLBACK"), "200 KB of gzip reads as ~4 MB: generated code");
    }
    try (Interpreted ignored = Interpreted.whenAtMost(new LoadedTable(big, new InputInfo("t", "table", null)),
        Interpreted.SMALL_SCORE_BYTES)) {
      assertEquals(factory, spark.conf().get(FACTORY, "FALLBACK"), "no stored size: the planner's estimate decides");
    }
  }
}
