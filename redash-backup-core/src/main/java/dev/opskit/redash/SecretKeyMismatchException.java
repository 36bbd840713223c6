package dev.opskit.redash;

/**
 * The Redash secret key given does not decrypt this database's data-source options: the backup and
 * the key do not belong together.
 */
public class SecretKeyMismatchException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public SecretKeyMismatchException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public SecretKeyMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
