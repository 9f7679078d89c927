package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every YAML example in conf/ loads under the same validation users get. */
class ShippedConfigsTest {
  private static final Path CONF = Path.of(System.getProperty("user.dir")).getParent().resolve("conf");

  @Test
  void everyExampleConfigLoads() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(CONF)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 5, "example, binary, multiclass, regression, time-ordered: " + files);
    for (Path f : files) {
      TrainConfig c = ConfigLoader.load(f, ConfigOverrides.none());
      assertNotNull(c.budget(), f.toString());
    }
    assertEquals("dteday", ConfigLoader.load(CONF.resolve("time-ordered.yaml"), ConfigOverrides.none())
        .split().timeColumn());
    assertEquals("multiclass", ConfigLoader.load(CONF.resolve("multiclass.yaml"), ConfigOverrides.none()).task());
  }
}
