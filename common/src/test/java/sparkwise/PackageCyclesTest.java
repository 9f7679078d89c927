package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's packages form no import cycle: the public API (this package) depends on no
 * internal package, and the internal ones are layered. References are read from the sources
 * (imports and qualified names, comments left out), so the test needs no class-file tooling.
 */
class PackageCyclesTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern REFERENCE = Pattern.compile("\\b(sparkwise(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void noPackageIsPartOfAnImportCycle() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertTrue(uses.size() > 10, "read the library's packages: " + uses.keySet());
    assertEquals(Set.of(), uses.get("sparkwise"), "the API package uses internals");
    List<List<String>> cycles = new Tarjan(uses).cycles();
    assertEquals(List.of(), cycles, "package cycles");
  }

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(SOURCES)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path f : files) {
      uses.computeIfAbsent(packageOf(f), k -> new TreeSet<>());
    }
    for (Path f : files) {
      String from = packageOf(f);
      Matcher m = REFERENCE.matcher(COMMENT.matcher(Files.readString(f)).replaceAll(""));
      while (m.find()) {
        String to = m.group(1);
        if (!to.equals(from) && uses.containsKey(to)) {
          uses.get(from).add(to);
        }
      }
    }
    return uses;
  }

  private static String packageOf(Path file) {
    return SOURCES.relativize(file.getParent()).toString().replace('/', '.').replace('\\', '.');
  }

  /** Strongly connected components of more than one package. */
  private static final class Tarjan {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new TreeMap<>();
    private final Map<String, Integer> low = new TreeMap<>();
    private final List<String> stack = new ArrayList<>();
    private final List<List<String>> found = new ArrayList<>();

    Tarjan(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    List<List<String>> cycles() {
      graph.keySet().forEach(v -> {
        if (!index.containsKey(v)) {
          visit(v);
        }
      });
      return found;
    }

    private void visit(String v) {
      index.put(v, index.size());
      low.put(v, index.get(v));
      stack.add(v);
      for (String w : graph.getOrDefault(v, Set.of())) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (stack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        List<String> component = new ArrayList<>();
        String w;
        do {
          w = stack.remove(stack.size() - 1);
          component.add(w);
        } while (!w.equals(v));
        if (component.size() > 1) {
          found.add(component.stream().sorted().toList());
        }
      }
    }
  }
}
