package sparkwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.SparkwiseException;
import sparkwise.testing.SharedSpark;

class ModelRegistryTest {
  @TempDir Path warehouse;

  private static ModelVersion draft(String run) {
    return new ModelVersion(null, 0, null, null, run, "/models/" + run, "binary", "y", "roc_auc", 0.9,
        "{\"roc_auc\":0.9}", "gbt", "{\"maxDepth\":3}", List.of("a", "b"), "/data/t.csv", "csv", null, "abc", 42L,
        "0.1", "4.1.0", "17", Map.of("owner", "team-a"));
  }

  private ModelRegistry registry() {
    return new ModelRegistry(SharedSpark.session(), warehouse.toString());
  }

  @Test
  void versionsAliasesRollbackAndResolution() {
    ModelRegistry r = registry();
    assertEquals(1, r.register("churn", draft("r1")).version());
    assertEquals(2, r.register("churn", draft("r2")).version());
    assertEquals(1, r.register("other", draft("r3")).version());

    assertEquals("promote", r.promote("churn", 1, "champion").action());
    AliasMove second = r.promote("churn", 2, "champion");
    assertEquals(1L, second.previousVersion());
    assertFalse(r.promote("churn", 2, "champion").changed(), "promoting to the current version changes nothing");
    assertEquals("r2", r.resolve(ModelRef.parse("churn@champion")).orElseThrow().runId());

    AliasMove back = r.rollback("churn", "champion");
    assertEquals(1, back.version());
    assertEquals(2L, back.previousVersion());
    assertEquals(Map.of("champion", 1L), r.currentAliases("churn"));
    SparkwiseException none = assertThrows(SparkwiseException.class, () -> r.rollback("churn", "champion"));
    org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.ConfigException.class, none);
    assertTrue(none.getMessage().contains("no earlier version"), none.getMessage());

    assertEquals(3, r.moves("churn").size());
    assertEquals("r1", r.resolve(ModelRef.parse("churn:1")).orElseThrow().runId());
    assertTrue(r.resolve(ModelRef.parse("models/churn")).isEmpty(), "a path is not a registry reference");
    SparkwiseException unknown = assertThrows(SparkwiseException.class,
        () -> r.resolve(ModelRef.parse("churn@staging")));
    assertTrue(unknown.getMessage().contains("no such alias"), unknown.getMessage());
    SparkwiseException missing = assertThrows(SparkwiseException.class, () -> r.promote("churn", 9, "champion"));
    assertTrue(missing.getMessage().contains("versions of churn: [1, 2]"), missing.getMessage());
    SparkwiseException typo = assertThrows(SparkwiseException.class, () -> r.resolve(ModelRef.parse("chrun:1")));
    assertTrue(typo.getMessage().contains("did you mean 'churn'"), typo.getMessage());

    ModelVersion tagged = r.tag("churn", 2, Map.of("approved", "yes"));
    assertEquals(Map.of("owner", "team-a", "approved", "yes"), tagged.tags());
  }

  @Test
  void concurrentChangesAreSerialisedOrRefusedNeverLost() throws Exception {
    ModelRegistry r = registry();
    for (int i = 0; i < 4; i++) {
      r.register("m", draft("r" + i));
    }
    int writers = 4;
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      long version = i + 1;
      results.add(pool.submit(() -> {
        start.await();
        try {
          return new ModelRegistry(SharedSpark.session(), warehouse.toString()).promote("m", version, "champion");
        } catch (SparkwiseException e) {
          return e;
        }
      }));
    }
    // Concurrent registrations at the same time never get the same version number.
    List<Future<ModelVersion>> registrations = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String run = "c" + i;
      registrations.add(pool.submit(() -> new ModelRegistry(SharedSpark.session(), warehouse.toString())
          .register("m", draft(run))));
    }
    int won = 0;
    for (Future<Object> f : results) {
      Object o = f.get();
      if (o instanceof SparkwiseException e) {
        org.junit.jupiter.api.Assertions.assertInstanceOf(sparkwise.SparkwiseException.ConflictException.class, e, e.getMessage());
      } else {
        won++;
      }
    }
    HashSet<Long> versions = new HashSet<>();
    for (Future<ModelVersion> f : registrations) {
      versions.add(f.get().version());
    }
    pool.shutdown();
    assertEquals(2, versions.size(), "two registrations, two distinct versions: " + versions);
    assertEquals(6, r.versions("m").size());

    List<AliasMove> moves = new ArrayList<>(r.moves("m"));
    moves.sort(Comparator.comparingLong(AliasMove::seq));
    assertEquals(won, moves.size(), "every promotion that returned success is in the history: " + moves);
    Long previous = null;
    for (int i = 0; i < moves.size(); i++) {
      assertEquals(i + 1, moves.get(i).seq(), "move numbers are unique and gapless: " + moves);
      assertEquals(previous, moves.get(i).previousVersion(), "each move starts where the last ended: " + moves);
      previous = moves.get(i).version();
    }
    assertEquals(previous, r.currentAliases("m").get("champion"));
  }
}
