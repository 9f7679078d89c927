package sparkwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.StageContract;

class RareCategoryFolderTest {
  private Dataset<Row> data() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String v = i < 20 ? "common" : i < 32 ? "medium" : i < 35 ? "rare" : i < 38 ? "seldom" : null;
      rows.add(RowFactory.create(i, v));
    }
    return SharedSpark.session().createDataFrame(rows,
        new StructType().add("id", DataTypes.IntegerType).add("c", DataTypes.StringType));
  }

  private RareCategoryFolder folder() {
    return new RareCategoryFolder().setInputCols(new String[] {"c"}).setOutputCols(new String[] {"c_f"}).setMinCount(5);
  }

  @Test
  void rareAndUnseenValuesShareOneLevel() {
    RareCategoryFolderModel m = folder().fit(data());
    assertEquals(Map.of("c", List.of("common", "medium")), m.getLevels());
    List<Row> out = m.transform(data()).orderBy("id").select("c_f").collectAsList();
    assertEquals("common", out.get(0).getString(0));
    assertEquals(RareCategoryFolder.RARE, out.get(33).getString(0));
    assertNull(out.get(39).get(0), "null stays null");
    Dataset<Row> unseen = SharedSpark.session().createDataFrame(List.of(RowFactory.create(99, "brand-new")),
        new StructType().add("id", DataTypes.IntegerType).add("c", DataTypes.StringType));
    assertEquals(RareCategoryFolder.RARE, m.transform(unseen).select("c_f").head().getString(0));
  }

  @Test
  void maxLevelsKeepsTheMostFrequent() {
    RareCategoryFolderModel m = folder().setMaxLevels(1).fit(data());
    assertEquals(Map.of("c", List.of("common")), m.getLevels());
  }

  @Test
  void passesTheStageContract() throws Exception {
    StageContract.check(folder().fit(data()), data(), "id");
  }
}
