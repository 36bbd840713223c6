package dev.opskit.schemadiff.internal.sql;

import dev.opskit.schemadiff.SchemaDiffException;

/**
 * Thrown when SQL text cannot be read, with the 1-based line and column where reading stopped and
 * what was expected there.
 *
 * <p>It is a {@link SchemaDiffException} so that no parse problem escapes a caller's catch of
 * those; the sources wrap it in one that also names what was being read ({@link
 * dev.opskit.schemadiff.DdlParseException}, {@link
 * dev.opskit.schemadiff.ExpressionSyntaxException}).
 */
public final class SqlSyntaxException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param line the 1-based line
   * @param column the 1-based column
   * @param problem what was found and what was expected
   */
  public SqlSyntaxException(int line, int column, String problem) {
    super(line + ":" + column + ": " + problem);
    this.line = line;
    this.column = column;
    this.problem = problem;
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
   * Returns what was found and what was expected, without the position.
   *
   * @return the problem
   */
  public String problem() {
    return problem;
  }
}
