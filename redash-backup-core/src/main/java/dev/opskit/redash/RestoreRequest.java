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

  /** The fields of a request while one method changes one of them: one place per new option. */
  private static final class Fields {
    @Nullable String backupId;
    @Nullable String database;
    @Nullable String readerPassword;
    boolean keepPreviousDatabase = true;
    boolean terminateConnections = true;
    @Nullable String expectedAlembicVersion;
    @Nullable String instance;
    boolean allowOtherSource;
  }

  private RestoreRequest(Fields f) {
    this.backupId = f.backupId;
    this.database = f.database;
    this.readerPassword = f.readerPassword;
    this.keepPreviousDatabase = f.keepPreviousDatabase;
    this.terminateConnections = f.terminateConnections;
    this.expectedAlembicVersion = f.expectedAlembicVersion;
    this.instance = f.instance;
    this.allowOtherSource = f.allowOtherSource;
  }

  private RestoreRequest with(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields();
    f.backupId = backupId;
    f.database = database;
    f.readerPassword = readerPassword;
    f.keepPreviousDatabase = keepPreviousDatabase;
    f.terminateConnections = terminateConnections;
    f.expectedAlembicVersion = expectedAlembicVersion;
    f.instance = instance;
    f.allowOtherSource = allowOtherSource;
    change.accept(f);
    return new RestoreRequest(f);
  }

  /**
   * Restores the newest complete backup.
   *
   * @return the request
   */
  public static RestoreRequest latest() {
    return new RestoreRequest(new Fields());
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
    return with(f -> f.allowOtherSource = allow);
  }

  /**
   * Restores one backup, looked up in the folder of the instance it came from.
   *
   * @param backup the backup, from {@link RedashBackup#list()} or {@link RedashBackup#catalog()}
   * @return the request
   */
  public static RestoreRequest of(BackupRecord backup) {
    return backup(backup.id()).with(f -> f.instance = backup.source().instance());
  }

  /**
   * Restores the backup with this id.
   *
   * @param id the backup's id
   * @return the request
   */
  public static RestoreRequest backup(String id) {
    Objects.requireNonNull(id, "id");
    return latest().with(f -> f.backupId = id);
  }

  /**
   * The database to restore into; by default the configured {@link RedashDatabase}'s. It is
   * replaced by rename only after the restored copy passed every check.
   *
   * @param name the database
   * @return a changed copy
   */
  public RestoreRequest toDatabase(String name) {
    String checked = dev.opskit.redash.internal.pg.PgNames.require("database name", name);
    return with(f -> f.database = checked);
  }

  /**
   * Sets the reader role's password after the restore (the dump carries grants, never passwords).
   *
   * @param password the password Redash's metadata data source uses
   * @return a changed copy
   */
  public RestoreRequest readerPassword(String password) {
    Objects.requireNonNull(password, "password");
    return with(f -> f.readerPassword = password);
  }

  /**
   * Whether the replaced database is kept, renamed {@code <name>_before_<time>} (the default), or
   * dropped once the new one is in place.
   *
   * @param keep true to keep it
   * @return a changed copy
   */
  public RestoreRequest keepPreviousDatabase(boolean keep) {
    return with(f -> f.keepPreviousDatabase = keep);
  }

  /**
   * Whether sessions on the database being replaced are terminated before the swap (the default);
   * when false, a database in use makes the restore fail, leaving it untouched.
   *
   * @param terminate true to terminate them
   * @return a changed copy
   */
  public RestoreRequest terminateConnections(boolean terminate) {
    return with(f -> f.terminateConnections = terminate);
  }

  /**
   * The alembic revision the running Redash expects; a backup at another revision restores with a
   * warning to run {@code manage db upgrade}. By default the replaced database's revision.
   *
   * @param revision the revision, such as {@code db0aca1ebd32}
   * @return a changed copy
   */
  public RestoreRequest expectedAlembicVersion(String revision) {
    Objects.requireNonNull(revision, "revision");
    return with(f -> f.expectedAlembicVersion = revision);
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
