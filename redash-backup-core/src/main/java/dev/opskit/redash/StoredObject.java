package dev.opskit.redash;

import java.time.Instant;
import java.util.Objects;

/**
 * One object in a {@link BackupStore}: a dump, a manifest or the lock.
 *
 * @param name the object's name relative to the store's prefix or folder
 * @param size its size in bytes
 * @param lastModified when it was last written
 */
public record StoredObject(String name, long size, Instant lastModified) {
  /** Checks the components. */
  public StoredObject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
