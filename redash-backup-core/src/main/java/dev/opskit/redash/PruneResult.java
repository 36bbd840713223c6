package dev.opskit.redash;

import java.util.List;

/**
 * What a prune kept and deleted (or, in a dry run, would delete), over every source in the
 * instance's folder.
 *
 * @param dryRun true when nothing was deleted
 * @param kept backups the retention policy keeps, newest first
 * @param deleted backups deleted (or to delete), newest first
 * @param orphans objects without a manifest, manifests without data and incomplete uploads removed
 *     (or to remove)
 * @param damaged backups whose data is damaged: reported, never counted, never deleted
 */
public record PruneResult(
    boolean dryRun,
    List<BackupRecord> kept,
    List<BackupRecord> deleted,
    List<String> orphans,
    List<CatalogEntry> damaged) {
  /** Copies the components. */
  public PruneResult {
    kept = List.copyOf(kept);
    deleted = List.copyOf(deleted);
    orphans = List.copyOf(orphans);
    damaged = List.copyOf(damaged);
  }
}
