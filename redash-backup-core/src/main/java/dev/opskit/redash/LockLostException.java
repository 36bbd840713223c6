package dev.opskit.redash;

/**
 * A backup or prune lost the store lock while it ran (its lock object was removed or another run
 * took over, for instance after this process was paused for longer than the stale age), so it
 * stopped before changing anything more.
 */
public class LockLostException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  private final String lockObject;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param lockObject this run's lock object, relative to the store
   */
  public LockLostException(String message, String lockObject) {
    super(message);
    this.lockObject = lockObject;
  }

  /**
   * This run's lock object.
   *
   * @return its name, relative to the store
   */
  public String lockObject() {
    return lockObject;
  }
}
