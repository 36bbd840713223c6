package dev.opskit.redash;

import java.util.Objects;

/**
 * What a running backup, verification, restore or prune is doing. Events carry sizes and names,
 * never secrets.
 *
 * @param phase the step reached
 * @param backupId the backup concerned, empty while it has no id yet
 * @param bytesDumped bytes pg_dump has written so far (backup), or bytes restored so far
 * @param bytesStored compressed bytes written to (backup) or read from (restore) the store so far
 * @param message a human-readable line describing the step
 */
public record ProgressEvent(
    Phase phase, String backupId, long bytesDumped, long bytesStored, String message) {

  /** Checks the components. */
  public ProgressEvent {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(backupId, "backupId");
    Objects.requireNonNull(message, "message");
  }

  /** The steps of the operations, in the order they happen. */
  public enum Phase {
    /** Taking the store's lock against overlapping runs. */
    LOCK,
    /** Reading server and pg_dump versions, alembic revision and row counts. */
    PREFLIGHT,
    /** Streaming pg_dump's output through compression to the store. */
    DUMP,
    /** Writing the manifest that marks the backup complete. */
    MANIFEST,
    /** Reading a stored backup end to end to check its SHA-256. */
    CHECKSUM,
    /** Loading the dump into a new database. */
    RESTORE,
    /** Checking the new database: tables, row counts, alembic revision, secret key. */
    CHECK,
    /** Renaming the new database into place. */
    SWAP,
    /** Setting the reader role's password and re-applying its grants. */
    GRANTS,
    /** Deleting backups the retention policy does not keep, and orphans. */
    PRUNE,
    /** The operation finished. */
    DONE
  }
}
