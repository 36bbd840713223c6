package dev.opskit.redash;

/**
 * The backup asked for belongs to another source (another instance, database or server) than the
 * one this {@link RedashBackup} is configured for. Nothing was restored; to restore it anyway, say
 * so with {@link RestoreRequest#allowOtherSource(boolean)}.
 */
public class SourceMismatchException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  private final SourceIdentity expected;
  private final SourceIdentity actual;

  /**
   * Creates the exception.
   *
   * @param message what was refused and what to do
   * @param expected the configured source
   * @param actual the backup's source
   */
  public SourceMismatchException(String message, SourceIdentity expected, SourceIdentity actual) {
    super(message);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The source this RedashBackup is configured for.
   *
   * @return the identity
   */
  public SourceIdentity expected() {
    return expected;
  }

  /**
   * The source the backup came from.
   *
   * @return the identity
   */
  public SourceIdentity actual() {
    return actual;
  }
}
