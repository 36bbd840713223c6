package dev.opskit.redash;

import org.jspecify.annotations.Nullable;

/**
 * A stored backup's bytes do not match the size or SHA-256 its manifest recorded; nothing was
 * restored from it.
 */
public class ChecksumMismatchException extends RestoreFailedException {
  private static final long serialVersionUID = 1L;

  private final String dataObject;
  private final long expectedBytes;
  private final long actualBytes;
  private final String expectedSha256;
  private final @Nullable String actualSha256;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   * @param dataObject the damaged object, relative to the store
   * @param expectedBytes the size the manifest recorded
   * @param actualBytes the size found, -1 when the object is missing
   * @param expectedSha256 the digest the manifest recorded
   * @param actualSha256 the digest found, null when the object was not read whole
   */
  public ChecksumMismatchException(
      String message,
      String dataObject,
      long expectedBytes,
      long actualBytes,
      String expectedSha256,
      @Nullable String actualSha256) {
    super(message);
    this.dataObject = dataObject;
    this.expectedBytes = expectedBytes;
    this.actualBytes = actualBytes;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  /**
   * The damaged data object.
   *
   * @return its name, relative to the store
   */
  public String dataObject() {
    return dataObject;
  }

  /**
   * The size the manifest recorded.
   *
   * @return bytes
   */
  public long expectedBytes() {
    return expectedBytes;
  }

  /**
   * The size found in the store.
   *
   * @return bytes, -1 when the object is missing
   */
  public long actualBytes() {
    return actualBytes;
  }

  /**
   * The SHA-256 the manifest recorded.
   *
   * @return 64 hex digits
   */
  public String expectedSha256() {
    return expectedSha256;
  }

  /**
   * The SHA-256 of the stored bytes.
   *
   * @return 64 hex digits, null when the object was not read whole
   */
  public @Nullable String actualSha256() {
    return actualSha256;
  }
}
