package dev.opskit.schemadiff;

/**
 * Thrown, when the caller asks for strict planning ({@code PartitionStrategy.FAIL_WHEN_AMBIGUOUS}),
 * for a migration that has a choice only the caller can make, such as whether rows of removed
 * partitions are deleted or kept. The message names the table and the {@link MigrationOptions}
 * setting that decides.
 */
public final class AmbiguousMigrationException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** The table whose change is ambiguous. */
  private final String table;

  /**
   * Creates the exception.
   *
   * @param table the table whose change is ambiguous
   * @param message what is ambiguous and which option decides
   * @param cause the planner's exception
   */
  public AmbiguousMigrationException(String table, String message, Throwable cause) {
    super(message, cause);
    this.table = table;
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
