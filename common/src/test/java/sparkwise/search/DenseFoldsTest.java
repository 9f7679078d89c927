package sparkwise.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import sparkwise.data.Splitter;
import sparkwise.features.FeatureVariant;
import sparkwise.features.LabelIndex;
import sparkwise.features.OutOfFoldTargetEncoder;
import sparkwise.models.DenseRows;
import sparkwise.models.ModelCatalog;
import sparkwise.testing.SearchFixture;
import sparkwise.testing.SharedSpark;
import sparkwise.testing.TestData;

/**
 * The task engine's dense folds: a plan fitted once on all search rows is read in one pass and cut
 * into folds on the driver, giving the rows each fold's parts hold, in their order; a plan with a
 * stage fitted per fold is collected part by part.
 */
class DenseFoldsTest {
  private static final long BOUND = 256L << 20;

  @Test
  void aPlanFittedOnceIsReadInOnePassAndCutIntoTheFoldsParts() {
    SearchFixture fixture = SearchFixture.of(TestData.churn(2000).drop("city"), List.of(ModelCatalog.get("xgboost")), 5);
    FeatureVariant tree = FeatureVariant.TREE;
    String features = fixture.plans().get(tree).featuresCol();
    SparkContext sc = SharedSpark.session().sparkContext();
    int[] foldIds = Splitter.validationFolds(fixture.cfg().split());
    try (FoldCache cache = new FoldCache(fixture.searchRows(), foldIds, false, LabelIndex.COLUMN, fixture.plans());
        TaskEngine engine = new TaskEngine(SharedSpark.session(), BOUND, LabelIndex.COLUMN)) {
      assertTrue(cache.sharedRows(tree).isPresent(), "every stage of the plan is fitted on all search rows");
      List<FoldCache.Fold> parts = cache.folds(tree); // prepared first: only the dense rows' jobs are counted below
      sc.setJobGroup("dense-folds-test", "the task engine's dense folds", false);
      TaskEngine.Dense dense;
      try {
        dense = engine.folds(cache, tree, features).orElseThrow();
      } finally {
        sc.clearJobGroup();
      }
      // Part by part, each of the 2k parts is at least one collect of its own.
      int jobs = sc.statusTracker().getJobIdsForGroup("dense-folds-test").length;
      assertTrue(jobs < 2 * parts.size(), jobs + " jobs for " + parts.size() + " folds");
      TrialTask.Fold[] got = dense.folds().value();
      assertEquals(parts.size(), got.length);
      long total = 0;
      for (int i = 0; i < parts.size(); i++) {
        DenseRows train = DenseRows.collect(parts.get(i).plainTrain(), features, LabelIndex.COLUMN, null, BOUND)
            .orElseThrow();
        DenseRows valid = DenseRows.collect(parts.get(i).plainValid(), features, LabelIndex.COLUMN, Splitter.ROW_ID,
            BOUND).orElseThrow();
        assertEquals(parts.get(i).id(), got[i].id());
        assertSameRows(train, got[i].train(), "training part of fold " + i);
        assertSameRows(valid, got[i].valid(), "validation part of fold " + i);
        assertEquals(null, got[i].train().keys(), "training rows need no keys");
        total += got[i].valid().rows();
      }
      assertEquals(fixture.searchRows().count(), total, "every search row validates once");
    } finally {
      fixture.searchRows().unpersist();
    }
  }

  @Test
  void aPlanWithAStageFittedPerFoldIsCollectedPartByPart() {
    SearchFixture fixture = SearchFixture.of(TestData.churn(2000), List.of(ModelCatalog.get("xgboost")), 5);
    FeatureVariant tree = FeatureVariant.TREE;
    assertTrue(fixture.plans().get(tree).stages().stream().anyMatch(s -> s instanceof OutOfFoldTargetEncoder),
        "the city column's levels are target-encoded per fold");
    int[] foldIds = Splitter.validationFolds(fixture.cfg().split());
    try (FoldCache cache = new FoldCache(fixture.searchRows(), foldIds, false, LabelIndex.COLUMN, fixture.plans());
        TaskEngine engine = new TaskEngine(SharedSpark.session(), BOUND, LabelIndex.COLUMN)) {
      assertTrue(cache.sharedRows(tree).isEmpty());
      TrialTask.Fold[] got = engine.folds(cache, tree, fixture.plans().get(tree).featuresCol()).orElseThrow()
          .folds().value();
      assertEquals(foldIds.length, got.length);
      assertEquals(fixture.searchRows().count(), java.util.Arrays.stream(got).mapToLong(f -> f.valid().rows()).sum());
    } finally {
      fixture.searchRows().unpersist();
    }
  }

  private static void assertSameRows(DenseRows expected, DenseRows actual, String what) {
    assertEquals(expected.rows(), actual.rows(), what);
    assertArrayEquals(expected.x().values(), actual.x().values(), what);
    assertArrayEquals(expected.y(), actual.y(), what);
    assertArrayEquals(expected.keys(), actual.keys(), what);
  }
}
