package dev.opskit.ecs.internal.image;

import java.nio.file.Path;

/**
 * Internal to opskit; may change in any release. The source is not a valid image; says which file.
 */
public final class InvalidImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  InvalidImageException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  InvalidImageException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /**
   * Returns the file that is wrong.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }
}
