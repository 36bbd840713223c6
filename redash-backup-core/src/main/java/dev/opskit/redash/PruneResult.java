package dev.opskit.redash;

import java.util.List;

/**
 * What a prune kept and deleted (or, in a dry run, would delete).
 *
 * @param dryRun true when nothing was deleted
 * @param kept backups the retention policy keeps, newest first
 * @param deleted backups deleted (or to delete), newest first
 * @param orphans objects without a manifest and incomplete uploads removed (or to remove)
 */
public record PruneResult(
    boolean dryRun, List<BackupRecord> kept, List<BackupRecord> deleted, List<String> orphans) {
  /** Copies the components. */
  public PruneResult {
    kept = List.copyOf(kept);
    deleted = List.copyOf(deleted);
    orphans = List.copyOf(orphans);
  }
}
