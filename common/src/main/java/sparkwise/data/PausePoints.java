package sparkwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Named points in a run's life (before each durable step) where a process can be made to stop,
 * so that crash and race tests kill or line up real processes at a known step rather than at a
 * guessed moment. Off unless the JVM is started with {@code -Dsparkwise.pause.at=point,...}: at a
 * listed point the process prints {@code sparkwise: paused at POINT} on stderr and waits, until
 * the file named by {@code sparkwise.pause.release} exists, or forever (to be killed there).
 */
public final class PausePoints {
  public static final String PROFILE = "profile";
  public static final String TRIAL = "trial";
  public static final String TRIAL_COMMIT = "trial-commit";
  public static final String ENSEMBLE = "ensemble";
  public static final String MODEL_SAVE = "model-save";
  public static final String REGISTRY_COMMIT = "registry-commit";
  public static final String RUN_COMMIT = "run-commit";
  public static final String ALIAS_COMMIT = "alias-commit";
  public static final String SCORE = "score";

  private static final Set<String> AT = Set.of(System.getProperty("sparkwise.pause.at", "").split(","));
  private static final String RELEASE = System.getProperty("sparkwise.pause.release");

  private PausePoints() {}

  /** Waits here if this JVM was asked to pause at {@code point} (each point pauses once). */
  public static void reach(String point) {
    if (!AT.contains(point) || !Reached.first(point)) {
      return;
    }
    System.err.println("sparkwise: paused at " + point);
    System.err.flush();
    try {
      while (RELEASE == null || !Files.exists(Path.of(RELEASE))) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Reached {
    private static final Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static boolean first(String point) {
      return SEEN.add(point);
    }
  }
}
