package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import java.util.Objects;

/**
 * A CHECK constraint.
 *
 * @param name the constraint name
 * @param expression the canonical expression
 * @param enforced false for MySQL's {@code NOT ENFORCED}
 */
public record CheckConstraint(String name, String expression, boolean enforced) {
  /** Canonicalizes the expression. */
  public CheckConstraint {
    Objects.requireNonNull(name, "name");
    expression = SqlExpressions.canonical(Objects.requireNonNull(expression, "expression"));
  }
}
