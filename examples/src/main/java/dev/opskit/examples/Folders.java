package dev.opskit.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the scratch folders the examples and harnesses make. */
public final class Folders {
  private Folders() {}

  /**
   * Deletes a folder and everything in it; a missing folder is not an error.
   *
   * @param root the folder
   * @throws IOException when something in it cannot be deleted
   */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
