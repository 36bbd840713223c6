package dev.opskit.testing.db;

/**
 * Thrown when a test needs a database server that cannot be reached. Its message says how to
 * provide one; integration tests fail with it and are never skipped.
 */
public final class ServerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ServerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
