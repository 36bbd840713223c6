package dev.opskit.redash;

/**
 * A stored backup's bytes do not match the SHA-256 its manifest recorded; nothing was restored from
 * it.
 */
public class ChecksumMismatchException extends RestoreFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public ChecksumMismatchException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public ChecksumMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
