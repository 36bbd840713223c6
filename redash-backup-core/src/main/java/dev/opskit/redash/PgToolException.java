package dev.opskit.redash;

/**
 * A PostgreSQL client program (pg_dump, pg_restore, psql) is missing, too old for the server, or
 * failed.
 */
public class PgToolException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public PgToolException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public PgToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
