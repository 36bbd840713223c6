package dev.opskit.schemadiff;

/**
 * Thrown when DDL text or a dump file cannot be read: names the source, the 1-based line and column
 * where reading stopped, and what was found and expected there.
 */
public final class DdlParseException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param source the file name, or {@code ddl} for text
   * @param line the 1-based line
   * @param column the 1-based column
   * @param problem what was found and what was expected
   * @param cause the underlying failure
   */
  public DdlParseException(String source, int line, int column, String problem, Throwable cause) {
    super(source + ":" + line + ":" + column + ": " + problem, cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /**
   * Returns the file name, or {@code ddl} for text.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * Returns the 1-based line.
   *
   * @return the line
   */
  public int line() {
    return line;
  }

  /**
   * Returns the 1-based column.
   *
   * @return the column
   */
  public int column() {
    return column;
  }

  /**
   * Returns what was found and what was expected.
   *
   * @return the problem
   */
  public String problem() {
    return problem;
  }
}
