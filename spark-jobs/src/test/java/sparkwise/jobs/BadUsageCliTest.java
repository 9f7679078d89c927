package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes users make get a documented exit code and one clear line, never a stack trace. */
class BadUsageCliTest {
  @TempDir Path dir;

  private Path csv(String text) throws Exception {
    Path p = dir.resolve("t.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void noLabelIsUsageError() throws Exception {
    Cli r = Cli.run("train", "--data", csv("a,b\n1,2\n").toString(), "--warehouse", dir.resolve("w").toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--label"), r.err());
    assertTrue(r.oneLineError(), r.err());
  }

  @Test
  void unknownOptionIsUsageError() {
    Cli r = Cli.run("train", "--data", "x.csv", "--label", "y", "--budgte", "1m");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--budgte"), r.err());
  }

  @Test
  void noCommandIsUsageError() {
    assertEquals(2, Cli.run().code());
    assertEquals(2, Cli.run("fly").code());
  }

  @Test
  void missingFileIsDataErrorNamingThePath() {
    Path missing = dir.resolve("nope.csv");
    Cli r = Cli.run("train", "--data", missing.toString(), "--label", "y", "--warehouse", dir.resolve("w").toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains(missing.toString()) && r.err().contains("no such file"), r.err());
    assertTrue(r.oneLineError(), r.err());
  }

  @Test
  void withJsonLogsTheErrorIsOneJsonLine() throws Exception {
    Path missing = dir.resolve("nope.csv");
    Cli r = Cli.run("train", "--data", missing.toString(), "--label", "y", "--warehouse", dir.resolve("w").toString(),
        "--log-format", "json");
    assertEquals(3, r.code(), r.toString());
    java.util.List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    var last = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertEquals("error", last.get("event").asText());
    assertEquals(3, last.get("exit_code").asInt());
    assertTrue(last.get("message").asText().contains(missing.toString()), last.toString());
    for (String l : lines) {
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(l); // every stderr line is JSON
    }
  }

  @Test
  void missingLabelColumnIsDataErrorWithASuggestion() throws Exception {
    Path p = csv("age,income,target\n1,2,a\n3,4,b\n");
    Cli r = Cli.run("train", "--data", p.toString(), "--label", "targt", "--warehouse", dir.resolve("w").toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("column 'targt'") && r.err().contains("did you mean 'target'"), r.err());
    assertTrue(r.oneLineError(), r.err());
  }

  @Test
  void badBudgetAndBadConfigAreUsageErrors() throws Exception {
    Path p = csv("a,y\n1,x\n2,y\n");
    Cli r = Cli.run("train", "--data", p.toString(), "--label", "y", "--budget", "-5m");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--budget: must be a positive duration"), r.err());
    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(cfg, "serch:\n  strategy: grid\n");
    Cli c = Cli.run("train", "--data", p.toString(), "--label", "y", "--config", cfg.toString());
    assertEquals(2, c.code(), c.toString());
    assertTrue(c.err().contains("serch: unknown key (did you mean 'search'?)"), c.err());
  }

  @Test
  void emptyTableAndOneClassLabelAreDataErrors() throws Exception {
    Path empty = csv("a,y\n");
    Cli r = Cli.run("train", "--data", empty.toString(), "--label", "y", "--warehouse", dir.resolve("w").toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("no rows"), r.err());
    Path one = dir.resolve("one.csv");
    Files.writeString(one, "a,y\n1,k\n2,k\n3,k\n");
    Cli o = Cli.run("train", "--data", one.toString(), "--label", "y", "--warehouse", dir.resolve("w").toString());
    assertEquals(3, o.code(), o.toString());
    assertTrue(o.err().contains("label 'y': has a single value 'k'"), o.err());
  }

  @Test
  void helpListsTheExitCodes() {
    Cli r = Cli.run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit codes:") && r.out().contains("6   output or storage failure"), r.out());
  }
}
