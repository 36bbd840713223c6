package dev.opskit.redash;

import org.jspecify.annotations.Nullable;

/**
 * A restore or verification did not complete. {@link #targetChanged()} says whether the database
 * being restored into was changed; when it was not, it is in place under its name and open to
 * connections, as before. When opskit could not put it back itself, {@link #recoverySql()} holds
 * the statements that do (and {@link RedashBackup#recover()} runs them).
 */
public class RestoreFailedException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String target;
  private final @Nullable String restoredDatabase;
  private final @Nullable String previousDatabase;
  private final boolean targetChanged;
  private final @Nullable String recoverySql;

  /**
   * Creates the exception for a failure that happened before anything was changed.
   *
   * @param message what failed and where
   */
  public RestoreFailedException(String message) {
    this(message, null, null, null, null, false, null);
  }

  /**
   * Creates the exception for a failure that happened before anything was changed, keeping its
   * cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public RestoreFailedException(String message, Throwable cause) {
    this(message, cause, null, null, null, false, null);
  }

  /**
   * Creates the exception with the databases involved.
   *
   * @param message what failed and where
   * @param cause the underlying failure, or null
   * @param target the database restored into
   * @param restoredDatabase the database the backup was loaded into, null when none was made
   * @param previousDatabase where the replaced database is, null when it was not renamed
   * @param targetChanged whether the target was changed (swapped, or left closed to connections)
   * @param recoverySql the statements that put the target back, null when nothing is left to do
   */
  public RestoreFailedException(
      String message,
      @Nullable Throwable cause,
      @Nullable String target,
      @Nullable String restoredDatabase,
      @Nullable String previousDatabase,
      boolean targetChanged,
      @Nullable String recoverySql) {
    super(message);
    if (cause != null) {
      initCause(cause);
    }
    this.target = target;
    this.restoredDatabase = restoredDatabase;
    this.previousDatabase = previousDatabase;
    this.targetChanged = targetChanged;
    this.recoverySql = recoverySql;
  }

  /**
   * The database restored into.
   *
   * @return its name, null when the failure came before one was chosen
   */
  public @Nullable String target() {
    return target;
  }

  /**
   * The database the backup was loaded into (dropped again unless the swap happened).
   *
   * @return its name, null when none was made
   */
  public @Nullable String restoredDatabase() {
    return restoredDatabase;
  }

  /**
   * Where the replaced database is kept.
   *
   * @return its name, null when the target was not renamed
   */
  public @Nullable String previousDatabase() {
    return previousDatabase;
  }

  /**
   * Whether the target database was changed.
   *
   * @return false when it is in place and open as before the restore
   */
  public boolean targetChanged() {
    return targetChanged;
  }

  /**
   * The SQL that puts the target back in place, when opskit could not.
   *
   * @return the statements, or null when nothing is left to do
   */
  public @Nullable String recoverySql() {
    return recoverySql;
  }
}
