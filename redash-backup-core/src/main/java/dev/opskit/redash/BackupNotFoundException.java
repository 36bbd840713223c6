package dev.opskit.redash;

/** No complete backup matches the request. */
public class BackupNotFoundException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public BackupNotFoundException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public BackupNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
