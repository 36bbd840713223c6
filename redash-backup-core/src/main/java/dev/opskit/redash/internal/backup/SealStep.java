package dev.opskit.redash.internal.backup;

import dev.opskit.redash.BackupFailedException;
import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.StoredObject;
import dev.opskit.redash.internal.manifest.ManifestCodec;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a stored dump a backup: checks that its data object is still in the store with the size
 * that was streamed, that this run still holds the lock, and only then writes the manifest (created
 * only if absent). A backup exists from the moment its manifest does, so every check comes first.
 */
public final class SealStep {
  private static final Logger LOG = LoggerFactory.getLogger(SealStep.class);

  private final BackupStore store;
  private final Runnable ensureLockHeld;
  private final Progress progress;

  /**
   * Creates the step.
   *
   * @param store the store
   * @param ensureLockHeld throws when the run lost its lock
   * @param progress where progress goes
   */
  public SealStep(BackupStore store, Runnable ensureLockHeld, Progress progress) {
    this.store = store;
    this.ensureLockHeld = ensureLockHeld;
    this.progress = progress;
  }

  /**
   * Seals a backup.
   *
   * @param record the backup, as its manifest will say
   * @throws BackupFailedException when its data is gone or damaged, the lock is lost, or a manifest
   *     of that name exists; the data object is then deleted (it is this run's own, and no manifest
   *     names it)
   */
  public void run(BackupRecord record) {
    progress.emit(
        Phase.MANIFEST,
        record.dumpBytes(),
        record.storedBytes(),
        "writing " + record.manifestObject());
    try {
      Optional<StoredObject> data = store.stat(record.dataObject());
      if (data.isEmpty() || data.get().size() != record.storedBytes()) {
        throw new BackupFailedException(
            "backup "
                + record.id()
                + ": "
                + store.location()
                + record.dataObject()
                + (data.isEmpty()
                    ? " vanished before its manifest was written (deleted by hand or by a run that"
                        + " took over this run's lock)"
                    : " holds "
                        + data.get().size()
                        + " bytes after "
                        + record.storedBytes()
                        + " were stored")
                + "; no complete backup was written");
      }
      ensureLockHeld.run();
      byte[] manifest = ManifestCodec.write(record);
      boolean written;
      try {
        written = store.writeIfAbsent(record.manifestObject(), manifest);
      } catch (RuntimeException e) {
        // The write may have reached the store before the error (a timed-out response): then the
        // backup is complete and its data must stay.
        if (holds(record.manifestObject(), manifest)) {
          return;
        }
        throw e;
      }
      if (!written && !holds(record.manifestObject(), manifest)) {
        throw new BackupFailedException(
            "backup "
                + record.id()
                + ": a manifest "
                + store.location()
                + record.manifestObject()
                + " already exists; no complete backup was written");
      }
    } catch (RuntimeException e) {
      deleteQuietly(record.dataObject());
      if (e instanceof BackupFailedException) {
        throw e;
      }
      throw new BackupFailedException(
          "backup "
              + record.id()
              + ": writing the manifest failed: "
              + e.getMessage()
              + "; no complete backup was written",
          e);
    }
  }

  /**
   * Whether the object holds exactly these bytes: an S3 client that retried a conditional PUT whose
   * first attempt succeeded late gets 412 for its own object.
   */
  private boolean holds(String name, byte[] content) {
    try (java.io.InputStream in = store.read(name)) {
      return java.util.Arrays.equals(in.readAllBytes(), content);
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private void deleteQuietly(String name) {
    try {
      store.delete(name);
    } catch (RuntimeException e) {
      LOG.warn("could not delete {}{}: {}; prune removes it", store.location(), name, e.toString());
    }
  }
}
