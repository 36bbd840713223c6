package dev.opskit.redash;

/**
 * A backup did not complete; the store holds no object that looks like a complete backup of this
 * run.
 */
public class BackupFailedException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public BackupFailedException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public BackupFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
