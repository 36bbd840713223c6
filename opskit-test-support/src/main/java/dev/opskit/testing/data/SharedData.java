package dev.opskit.testing.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared test data: {@code OPSKIT_SHARED_DIR} if set, else the {@code shared/}
 * folder beside the repository checkout. Tests read it in place and never copy it into the project.
 *
 * <p>Where the folder is absent (a user's own clone) a test using it is skipped with a message
 * saying so; with {@code CI=true} its absence fails the test instead.
 */
public final class SharedData {
  /** The variable that points at the shared folder. */
  public static final String VARIABLE = "OPSKIT_SHARED_DIR";

  private SharedData() {}

  /**
   * Returns a folder of the shared test data, or skips (outside CI) or fails (in CI) the calling
   * test when it is missing.
   *
   * @param name the folder's name inside {@code shared/}, such as {@code sqldef-mysql-tests}
   * @return the folder
   */
  public static Path directory(String name) {
    return directory(name, System.getenv(), Path.of("").toAbsolutePath());
  }

  static Path directory(String name, Map<String, String> environment, Path workingDirectory) {
    Path found = locate(name, environment, workingDirectory);
    if (found != null) {
      return found;
    }
    String message =
        "shared test data '"
            + name
            + "' not found: set "
            + VARIABLE
            + " or put the shared/ folder beside the checkout (looked upwards from "
            + workingDirectory
            + ")";
    if ("true".equalsIgnoreCase(environment.get("CI"))) {
      throw new AssertionError("CI=true: " + message);
    }
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  private static Path locate(String name, Map<String, String> environment, Path start) {
    String configured = environment.get(VARIABLE);
    if (configured != null && !configured.isBlank()) {
      Path candidate = Path.of(configured).resolve(name);
      return Files.isDirectory(candidate) ? candidate : null;
    }
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve(name);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
