package dev.opskit.redash;

/**
 * Receives {@link ProgressEvent}s, on the thread that called {@link RedashBackup}, in the order of
 * {@link ProgressEvent.Phase}: a backup goes LOCK, PREFLIGHT, DUMP (repeated while bytes flow),
 * MANIFEST, DONE; a restore CHECKSUM, RESTORE, CHECK, SWAP, GRANTS, DONE; a prune LOCK, PRUNE,
 * DONE. Listeners must be fast. A listener that throws is logged and ignored: progress reporting
 * never changes an outcome.
 */
@FunctionalInterface
public interface BackupListener {
  /** A listener that ignores every event. */
  BackupListener NONE = event -> {};

  /**
   * A listener that passes each event to every one given, in order; one that throws does not keep
   * the event from the others.
   *
   * @param listeners the listeners
   * @return the combined listener
   */
  static BackupListener composite(BackupListener... listeners) {
    java.util.List<BackupListener> all = java.util.List.of(listeners);
    return event -> {
      for (BackupListener listener : all) {
        try {
          listener.onProgress(event);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(BackupListener.class)
              .warn("progress listener failed on {}: {}", event.phase(), e.toString());
        }
      }
    };
  }

  /**
   * Called for each step and periodically while bytes flow.
   *
   * @param event what is happening
   */
  void onProgress(ProgressEvent event);
}
