package sparkwise.jobs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) rendering a local HTML file: the DOM after layout
 * and a PNG screenshot. Tests that need it are skipped, with the reason, where it is not installed.
 */
final class Chromium {
  record Rendered(String dom, long screenshotBytes) {}

  private Chromium() {}

  static Path binary() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  static Rendered render(Path html, Path png) throws IOException, InterruptedException {
    Path bin = binary();
    assumeTrue(bin != null, "Chromium is not installed (apt-get install chromium)");
    List<String> common = List.of(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + html.getParent().resolve(".chromium"));
    String dom = run(concat(common, "--dump-dom", html.toUri().toString()), html.getParent().resolve("dom.txt"));
    run(concat(common, "--window-size=1280,2400", "--screenshot=" + png, html.toUri().toString()),
        html.getParent().resolve("shot.txt"));
    byte[] head = Files.readAllBytes(png);
    if (head.length < 8 || head[1] != 'P' || head[2] != 'N' || head[3] != 'G') {
      throw new AssertionError("not a PNG: " + png);
    }
    return new Rendered(dom, head.length);
  }

  private static List<String> concat(List<String> a, String... more) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
    out.addAll(List.of(more));
    return out;
  }

  private static String run(List<String> cmd, Path stdout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 120 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("Chromium exited " + p.exitValue() + ": " + cmd);
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
