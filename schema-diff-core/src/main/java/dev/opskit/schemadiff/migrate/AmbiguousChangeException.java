package dev.opskit.schemadiff.migrate;

import java.util.Objects;

/** A change the planner will not guess: the caller must choose a strategy. */
public final class AmbiguousChangeException extends RuntimeException {
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
