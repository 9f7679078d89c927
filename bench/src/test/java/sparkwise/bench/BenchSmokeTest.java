package sparkwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality benchmark's pieces on a small table, as CI's smoke version of scripts/bench-quality:
 * the split is stratified, exact and repeatable; the hand-written MLlib baseline trains and scores
 * the test file; other systems' predictions are scored by Sparkwise's metric code.
 */
class BenchSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void splitIsStratifiedExactAndRepeatable(@TempDir Path dir) throws Exception {
    Path table = table(dir, 400);
    SplitTables.main(new String[] {dir.resolve("a").toString(), "5", table + ":y:binary"});
    SplitTables.main(new String[] {dir.resolve("b").toString(), "5", table + ":y:binary"});
    List<String> train = Files.readAllLines(dir.resolve("a/small/train.csv"));
    List<String> test = Files.readAllLines(dir.resolve("a/small/test.csv"));
    assertEquals(400, train.size() - 1 + test.size() - 1, "every labelled row lands in one file");
    long positives = count(table, "yes");
    long testPositives = test.stream().filter(l -> l.endsWith(",yes")).count();
    assertEquals(positives / 5, testPositives, "a fifth of each class goes to test");
    assertEquals(test, Files.readAllLines(dir.resolve("b/small/test.csv")), "same file and seed, same split");
    assertEquals(train.get(0), "x,city,y", "header kept, columns in their order");
  }

  @Test
  void mllibBaselineTrainsAndScoresTheTestFile(@TempDir Path dir) throws Exception {
    Path table = table(dir, 300);
    SplitTables.main(new String[] {dir.resolve("split").toString(), "5", table + ":y:binary"});
    Path out = dir.resolve("mllib.json");
    MllibBaseline.main(new String[] {dir.resolve("split/small/train.csv").toString(),
        dir.resolve("split/small/test.csv").toString(), "y", "binary", "5", out.toString(), "2"});
    JsonNode m = JSON.readTree(out.toFile());
    assertTrue(m.get("roc_auc").asDouble() > 0.8, "x decides y: " + m);
    assertTrue(List.of("logistic_regression", "random_forest", "gbt").contains(m.get("family").asText()));
    assertEquals(7, m.get("param_maps").asInt(), "LR 3 + RF 2 + GBT 2 maps");
  }

  @Test
  void otherSystemsPredictionsAreScoredBySparkwiseMetrics(@TempDir Path dir) throws Exception {
    Path preds = dir.resolve("p.csv");
    Files.writeString(preds, "label,prediction,p0,p1\n0,0,0.9,0.1\n1,1,0.2,0.8\n1,1,0.3,0.7\n0,1,0.4,0.6\n");
    Path out = dir.resolve("m.json");
    PredictionMetrics.main(new String[] {"binary", preds.toString(), out.toString()});
    JsonNode m = JSON.readTree(out.toFile());
    assertEquals(1.0, m.get("roc_auc").asDouble(), 1e-9, "positives 0.8, 0.7 above negatives 0.6, 0.1");
    assertEquals(0.75, m.get("accuracy").asDouble(), 1e-9);
    double logloss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.7) + Math.log(0.4)) / 4;
    assertEquals(logloss, m.get("logloss").asDouble(), 1e-6);
  }

  /** x decides y (with some noise), city is noise; about a quarter positives. */
  private static Path table(Path dir, int rows) throws Exception {
    Random r = new Random(3);
    List<String> lines = new ArrayList<>(List.of("x,city,y"));
    for (int i = 0; i < rows; i++) {
      double x = r.nextDouble();
      lines.add(String.format(java.util.Locale.ROOT, "%.4f,c%d,%s", x, r.nextInt(5), x + 0.1 * r.nextGaussian() > 0.75 ? "yes" : "no"));
    }
    Path p = dir.resolve("small.csv");
    Files.write(p, lines);
    return p;
  }

  private static long count(Path table, String label) throws Exception {
    return Files.readAllLines(table).stream().filter(l -> l.endsWith("," + label)).count();
  }
}
