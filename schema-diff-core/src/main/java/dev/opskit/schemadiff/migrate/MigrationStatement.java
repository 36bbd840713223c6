package dev.opskit.schemadiff.migrate;

import dev.opskit.schemadiff.compare.Change;
import java.util.Objects;

/**
 * One statement of a migration.
 *
 * @param sql the statement, without a trailing delimiter
 * @param change the change it carries out (for a foreign key dropped and added again around another
 *     table's change, that table's change)
 * @param safety whether it can lose or change data
 * @param reason what it does, and for an unsafe statement why it is unsafe
 */
public record MigrationStatement(String sql, Change change, Safety safety, String reason) {
  /** Checks the fields. */
  public MigrationStatement {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(safety, "safety");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns whether the statement is a compound one (a trigger, routine or event with a body) that
   * a script must wrap in {@code DELIMITER} lines.
   *
   * @return true for CREATE TRIGGER, PROCEDURE, FUNCTION and EVENT
   */
  public boolean needsDelimiter() {
    return sql.startsWith("CREATE")
        && (sql.contains(" TRIGGER ")
            || sql.contains(" PROCEDURE ")
            || sql.contains(" FUNCTION ")
            || sql.contains(" EVENT "))
        && !sql.startsWith("CREATE TABLE")
        && !sql.startsWith("CREATE ALGORITHM");
  }
}
