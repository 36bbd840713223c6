package dev.opskit.redash;

/** What a manifest's backup looks like in the store. */
public enum BackupState {
  /** The data object exists with the size the manifest recorded: the backup can be restored. */
  COMPLETE,
  /**
   * The data object exists with another size than the manifest recorded (truncated, overwritten or
   * damaged): it is reported, never restored from, never counted by retention, and never deleted by
   * prune.
   */
  DAMAGED,
  /** The manifest names a data object that no longer exists; prune removes the manifest. */
  DATA_MISSING
}
