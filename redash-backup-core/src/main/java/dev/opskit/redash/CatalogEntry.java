package dev.opskit.redash;

import java.util.Objects;

/**
 * One backup the store's catalog found: its manifest and what the store holds for it.
 *
 * @param backup the backup as its manifest describes it
 * @param state whether its data is there, whole
 * @param storedSize the data object's size in the store, -1 when it is missing
 */
public record CatalogEntry(BackupRecord backup, BackupState state, long storedSize) {
  /** Checks the components. */
  public CatalogEntry {
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(state, "state");
  }

  /**
   * Whether the backup can be restored and counts for retention.
   *
   * @return true when {@link BackupState#COMPLETE}
   */
  public boolean complete() {
    return state == BackupState.COMPLETE;
  }

  /**
   * What is wrong, for messages.
   *
   * @return empty for a complete backup
   */
  public String problem() {
    return switch (state) {
      case COMPLETE -> "";
      case DAMAGED ->
          backup.dataObject()
              + " holds "
              + storedSize
              + " bytes, its manifest says "
              + backup.storedBytes();
      case DATA_MISSING -> backup.dataObject() + " is missing";
    };
  }
}
