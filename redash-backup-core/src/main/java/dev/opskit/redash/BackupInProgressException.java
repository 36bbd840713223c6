package dev.opskit.redash;

/**
 * Another backup or prune holds the store's lock, so this run was refused rather than overlap it.
 */
public class BackupInProgressException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public BackupInProgressException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public BackupInProgressException(String message, Throwable cause) {
    super(message, cause);
  }
}
