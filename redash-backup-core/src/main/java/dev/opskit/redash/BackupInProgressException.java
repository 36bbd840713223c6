package dev.opskit.redash;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Another backup or prune of the same instance holds the store's lock; this run changed nothing.
 */
public class BackupInProgressException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  private final String lockObject;
  private final String holder;
  private final String host;
  private final long pid;
  private final @Nullable Instant since;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   * @param lockObject the other run's lock object in the store
   * @param holder the other run: its operation and id
   * @param host the host it runs on
   * @param pid its process id, -1 when unknown
   * @param since when it took the lock, null when unknown
   */
  public BackupInProgressException(
      String message,
      String lockObject,
      String holder,
      String host,
      long pid,
      @Nullable Instant since) {
    super(message);
    this.lockObject = lockObject;
    this.holder = holder;
    this.host = host;
    this.pid = pid;
    this.since = since;
  }

  /**
   * The other run's lock object, relative to the store.
   *
   * @return its name
   */
  public String lockObject() {
    return lockObject;
  }

  /**
   * The other run.
   *
   * @return its operation and id, such as {@code backup redash-20261126T020000123Z-1a2b3c4d}
   */
  public String holder() {
    return holder;
  }

  /**
   * The host the other run is on.
   *
   * @return the host name
   */
  public String host() {
    return host;
  }

  /**
   * The other run's process id on its host.
   *
   * @return the pid, -1 when unknown
   */
  public long pid() {
    return pid;
  }

  /**
   * When the other run took the lock.
   *
   * @return the time, null when unknown
   */
  public @Nullable Instant since() {
    return since;
  }
}
