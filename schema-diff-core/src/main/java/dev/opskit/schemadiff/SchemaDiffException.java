package dev.opskit.schemadiff;

/**
 * The root of every exception the schema comparator throws, so a caller can catch them all in one
 * place.
 *
 * <p>It is unchecked. Subclasses stand for failures a caller handles differently and carry their
 * facts as accessors; API misuse raises the JDK's {@link NullPointerException}, {@link
 * IllegalArgumentException} or {@link IllegalStateException} instead. Messages never contain
 * secrets.
 */
public class SchemaDiffException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what failed and where.
   *
   * @param message what failed and where
   */
  public SchemaDiffException(String message) {
    super(message);
  }

  /**
   * Creates an exception for a failure caused by another, keeping the cause.
   *
   * @param message what failed and where
   * @param cause the underlying failure
   */
  public SchemaDiffException(String message, Throwable cause) {
    super(message, cause);
  }
}
