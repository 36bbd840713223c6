package dev.opskit.redash;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to restore and where. Immutable; each method returns a changed copy. {@link #toString()}
 * never shows the reader password.
 */
public final class RestoreRequest {
  private final @Nullable String backupId;
  private final @Nullable String database;
  private final @Nullable String readerPassword;
  private final boolean keepPreviousDatabase;
  private final boolean terminateConnections;
  private final @Nullable String expectedAlembicVersion;
  private final @Nullable String instance;
  private final boolean allowOtherSource;

  private RestoreRequest(
      @Nullable String backupId,
      @Nullable String database,
      @Nullable String readerPassword,
      boolean keepPreviousDatabase,
      boolean terminateConnections,
      @Nullable String expectedAlembicVersion) {
    this(
        backupId,
        database,
        readerPassword,
        keepPreviousDatabase,
        terminateConnections,
        expectedAlembicVersion,
        null,
        false);
  }

  private RestoreRequest(
      @Nullable String backupId,
      @Nullable String database,
      @Nullable String readerPassword,
      boolean keepPreviousDatabase,
      boolean terminateConnections,
      @Nullable String expectedAlembicVersion,
      @Nullable String instance,
      boolean allowOtherSource) {
    this.backupId = backupId;
    this.database = database;
    this.readerPassword = readerPassword;
    this.keepPreviousDatabase = keepPreviousDatabase;
    this.terminateConnections = terminateConnections;
    this.expectedAlembicVersion = expectedAlembicVersion;
    this.instance = instance;
    this.allowOtherSource = allowOtherSource;
  }

  /**
   * Restores the newest complete backup.
   *
   * @return the request
   */
  public static RestoreRequest latest() {
    return new RestoreRequest(null, null, null, true, true, null);
  }

  /**
   * Restores the newest complete backup of this source (the default) or, with {@code true}, the
   * newest complete backup in the instance's folder whatever its source: another server (a
   * disaster-recovery restore onto a new server, or one after {@code pg_upgrade}) or another
   * database. Restoring a backup of another source is refused unless this says so.
   *
   * @param allow true to accept a backup of another source
   * @return a changed copy
   */
  public RestoreRequest allowOtherSource(boolean allow) {
    return new RestoreRequest(
        backupId,
        database,
        readerPassword,
        keepPreviousDatabase,
        terminateConnections,
        expectedAlembicVersion,
        instance,
        allow);
  }

  /**
   * Restores one backup, looked up in the folder of the instance it came from.
   *
   * @param backup the backup, from {@link RedashBackup#list()} or {@link RedashBackup#catalog()}
   * @return the request
   */
  public static RestoreRequest of(BackupRecord backup) {
    return new RestoreRequest(
        backup.id(), null, null, true, true, null, backup.source().instance(), false);
  }

  /**
   * Restores the backup with this id.
   *
   * @param id the backup's id
   * @return the request
   */
  public static RestoreRequest backup(String id) {
    return new RestoreRequest(Objects.requireNonNull(id, "id"), null, null, true, true, null);
  }

  /**
   * The database to restore into; by default the configured {@link RedashDatabase}'s. It is
   * replaced by rename only after the restored copy passed every check.
   *
   * @param name the database
   * @return a changed copy
   */
  public RestoreRequest toDatabase(String name) {
    return new RestoreRequest(
        backupId,
        dev.opskit.redash.internal.pg.PgNames.require("database name", name),
        readerPassword,
        keepPreviousDatabase,
        terminateConnections,
        expectedAlembicVersion,
        instance,
        allowOtherSource);
  }

  /**
   * Sets the reader role's password after the restore (the dump carries grants, never passwords).
   *
   * @param password the password Redash's metadata data source uses
   * @return a changed copy
   */
  public RestoreRequest readerPassword(String password) {
    return new RestoreRequest(
        backupId,
        database,
        Objects.requireNonNull(password, "password"),
        keepPreviousDatabase,
        terminateConnections,
        expectedAlembicVersion,
        instance,
        allowOtherSource);
  }

  /**
   * Whether the replaced database is kept, renamed {@code <name>_before_<time>} (the default), or
   * dropped once the new one is in place.
   *
   * @param keep true to keep it
   * @return a changed copy
   */
  public RestoreRequest keepPreviousDatabase(boolean keep) {
    return new RestoreRequest(
        backupId,
        database,
        readerPassword,
        keep,
        terminateConnections,
        expectedAlembicVersion,
        instance,
        allowOtherSource);
  }

  /**
   * Whether sessions on the database being replaced are terminated before the swap (the default);
   * when false, a database in use makes the restore fail, leaving it untouched.
   *
   * @param terminate true to terminate them
   * @return a changed copy
   */
  public RestoreRequest terminateConnections(boolean terminate) {
    return new RestoreRequest(
        backupId,
        database,
        readerPassword,
        keepPreviousDatabase,
        terminate,
        expectedAlembicVersion,
        instance,
        allowOtherSource);
  }

  /**
   * The alembic revision the running Redash expects; a backup at another revision restores with a
   * warning to run {@code manage db upgrade}. By default the replaced database's revision.
   *
   * @param revision the revision, such as {@code db0aca1ebd32}
   * @return a changed copy
   */
  public RestoreRequest expectedAlembicVersion(String revision) {
    return new RestoreRequest(
        backupId,
        database,
        readerPassword,
        keepPreviousDatabase,
        terminateConnections,
        Objects.requireNonNull(revision, "revision"),
        instance,
        allowOtherSource);
  }

  @Nullable String backupId() {
    return backupId;
  }

  @Nullable String database() {
    return database;
  }

  @Nullable String readerPasswordValue() {
    return readerPassword;
  }

  boolean keepPrevious() {
    return keepPreviousDatabase;
  }

  boolean terminate() {
    return terminateConnections;
  }

  @Nullable String expectedAlembic() {
    return expectedAlembicVersion;
  }

  @Nullable String instance() {
    return instance;
  }

  boolean otherSourceAllowed() {
    return allowOtherSource;
  }

  @Override
  public String toString() {
    return "RestoreRequest[backup="
        + (backupId == null ? "latest" : backupId)
        + (database == null ? "" : ", database=" + database)
        + (readerPassword == null ? "" : ", readerPassword=***")
        + ", keepPreviousDatabase="
        + keepPreviousDatabase
        + ", terminateConnections="
        + terminateConnections
        + (allowOtherSource ? ", allowOtherSource=true" : "")
        + "]";
  }
}
