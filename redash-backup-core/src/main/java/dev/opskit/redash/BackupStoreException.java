package dev.opskit.redash;

/** The backup store (S3 bucket or folder) failed a read, write, list or delete. */
public class BackupStoreException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public BackupStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public BackupStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
