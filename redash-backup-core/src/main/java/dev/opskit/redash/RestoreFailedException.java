package dev.opskit.redash;

/** A restore or verification did not complete; the original database was left untouched. */
public class RestoreFailedException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public RestoreFailedException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public RestoreFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
