package dev.opskit.redash;

/**
 * Receives {@link ProgressEvent}s on the thread doing the work. A listener that throws is logged
 * and ignored: progress reporting never fails a backup.
 */
@FunctionalInterface
public interface BackupListener {
  /**
   * Called for each step and periodically while bytes flow.
   *
   * @param event what is happening
   */
  void onProgress(ProgressEvent event);
}
