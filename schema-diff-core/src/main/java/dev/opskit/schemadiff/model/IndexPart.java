package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import org.jspecify.annotations.Nullable;

/**
 * One part of an index: a column (optionally a prefix of it) or, in a functional index, an
 * expression.
 *
 * @param column the column name, or null for an expression part
 * @param expression the canonical expression of a functional part, or null for a column part
 * @param prefixLength the prefix length in characters, or null for the whole column
 * @param descending whether the part is sorted descending
 */
public record IndexPart(
    @Nullable String column,
    @Nullable String expression,
    @Nullable Integer prefixLength,
    boolean descending) {

  /**
   * Checks that exactly one of column and expression is given, and canonicalizes the expression.
   */
  public IndexPart {
    if ((column == null) == (expression == null)) {
      throw new IllegalArgumentException("an index part is a column or an expression");
    }
    if (expression != null) {
      expression = SqlExpressions.canonical(expression);
    }
  }

  /**
   * Returns an ascending part on a whole column.
   *
   * @param column the column name
   * @return the part
   */
  public static IndexPart of(String column) {
    return new IndexPart(column, null, null, false);
  }
}
