package sparkwise.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import sparkwise.ModelNames;

/**
 * A config's model names are checked against {@link ModelNames} when it is read, without the
 * config package knowing the families: that list and the catalog's families must be one.
 */
class ModelCatalogNamesTest {
  @Test
  void theNamesAConfigMayGiveAreTheCatalogsFamilies() {
    assertEquals(ModelNames.ALL, ModelCatalog.names());
    for (String name : ModelNames.ALL) {
      assertEquals(name, ModelCatalog.get(name).name());
    }
  }

  @Test
  void aRandomForestsOneRoundCannotBeCutAndBoostingCan() {
    assertEquals(false, ModelCatalog.cuttable("xgboost_rf"), "one round: the final fit cannot stop it at a deadline");
    assertEquals(true, ModelCatalog.cuttable("xgboost"));
    assertEquals(false, ModelCatalog.cuttable("ensemble_stacking"), "no family");
  }
}
