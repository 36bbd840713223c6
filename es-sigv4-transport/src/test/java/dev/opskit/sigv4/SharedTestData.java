package dev.opskit.sigv4;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared test data: {@code OPSKIT_SHARED_DIR} if set, else the {@code shared/}
 * folder beside the checkout. Absent, a test is skipped with a message; with {@code CI=true} it
 * fails instead.
 *
 * <p>A copy of {@code dev.opskit.testing.data.SharedData} from opskit-test-support on main, which
 * this branch does not have yet; fold it back into that class when merging.
 */
final class SharedTestData {
  static final String VARIABLE = "OPSKIT_SHARED_DIR";

  private SharedTestData() {}

  static Path directory(String name) {
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
