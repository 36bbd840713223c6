package dev.opskit.schemadiff;

/**
 * Thrown when a schema cannot be read from its source: a server that refuses the connection, a
 * missing schema or file. The message names the source without credentials.
 */
public final class SchemaReadException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be read, and why
   * @param cause the underlying failure
   */
  public SchemaReadException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception for a source that was read but lacks what was asked for, such as a table.
   *
   * @param message what is missing
   */
  public SchemaReadException(String message) {
    super(message);
  }
}
