package dev.opskit.schemadiff.internal.migrate;

import dev.opskit.schemadiff.SchemaDiffException;
import java.util.Objects;

/**
 * A change the planner will not guess: the caller must choose a strategy. {@code SchemaDiff}
 * reports it to its callers as {@code AmbiguousMigrationException}.
 */
public final class AmbiguousChangeException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** The table whose change is ambiguous. */
  private final String table;

  /**
   * Creates the exception.
   *
   * @param table the table whose change is ambiguous
   * @param message what is ambiguous and which option decides it
   */
  public AmbiguousChangeException(String table, String message) {
    super(message);
    this.table = Objects.requireNonNull(table, "table");
  }

  /**
   * Returns the table whose change is ambiguous.
   *
   * @return the table name
   */
  public String table() {
    return table;
  }
}
