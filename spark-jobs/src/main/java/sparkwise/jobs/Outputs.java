package sparkwise.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sparkwise.Errors;

/** Writes the JSON files the commands are asked for (result tables: the library's {@code TableWriter}). */
final class Outputs {
  private Outputs() {}

  static void writeJson(String file, String json) {
    try {
      Path p = Path.of(file).toAbsolutePath();
      if (p.getParent() != null) {
        Files.createDirectories(p.getParent());
      }
      Files.writeString(p, json + "\n");
    } catch (IOException e) {
      throw Errors.storage(file, "cannot write the JSON file", e);
    }
  }
}
