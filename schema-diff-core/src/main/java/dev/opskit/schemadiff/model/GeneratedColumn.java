package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import java.util.Objects;

/**
 * How a generated column computes its value.
 *
 * @param expression the expression, canonical (see {@link SqlExpressions#canonical(String)})
 * @param stored true for {@code STORED} (MariaDB {@code PERSISTENT}), false for {@code VIRTUAL}
 */
public record GeneratedColumn(String expression, boolean stored) {
  /** Canonicalizes the expression. */
  public GeneratedColumn {
    expression = SqlExpressions.canonical(Objects.requireNonNull(expression, "expression"));
  }
}
