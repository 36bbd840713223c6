package dev.opskit.schemadiff;

/**
 * Thrown when a server hands back an expression (a default, a generated column, a functional key
 * part, a CHECK clause) that cannot be read as SQL: names the table, the column, index or
 * constraint it belongs to, the expression as read, and where in it reading stopped.
 */
public final class ExpressionSyntaxException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final String element;
  private final String expression;
  private final int line;
  private final int position;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param table the table the expression belongs to
   * @param element what in the table holds it, such as {@code column `a`} or {@code index `i`}
   * @param expression the expression as read from the server
   * @param line the line of the problem within the expression, from 1
   * @param position the column of the problem within its line, from 1
   * @param problem what is wrong there
   * @param cause the parser's exception, whose message says where
   */
  public ExpressionSyntaxException(
      String table,
      String element,
      String expression,
      int line,
      int position,
      String problem,
      RuntimeException cause) {
    super(
        "table `"
            + table
            + "`, "
            + element
            + ": cannot read expression "
            + expression
            + ": "
            + cause.getMessage(),
        cause);
    this.table = table;
    this.element = element;
    this.expression = expression;
    this.line = line;
    this.position = position;
    this.problem = problem;
  }

  /**
   * Returns the table the expression belongs to.
   *
   * @return the table name
   */
  public String table() {
    return table;
  }

  /**
   * Returns what in the table holds the expression: {@code column `a`}, {@code index `i`} or {@code
   * check `c`}.
   *
   * @return the element
   */
  public String element() {
    return element;
  }

  /**
   * Returns the expression as read from the server.
   *
   * @return the expression
   */
  public String expression() {
    return expression;
  }

  /**
   * Returns the 1-based line in the expression where reading stopped.
   *
   * @return the line
   */
  public int line() {
    return line;
  }

  /**
   * Returns the 1-based character position in that line where reading stopped.
   *
   * @return the position
   */
  public int position() {
    return position;
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
