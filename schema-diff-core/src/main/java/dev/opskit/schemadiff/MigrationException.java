package dev.opskit.schemadiff;

import dev.opskit.schemadiff.migrate.MigrationStatement;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when {@link MigrationPlan#applyTo} stops: the database is not in the {@code from} state,
 * or the server rejected a statement. It says which statement failed, the server's error, and which
 * statements had already been applied (MySQL commits each DDL statement, so those stay).
 */
public final class MigrationException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** The statement the server rejected, or null when none ran. */
  private final transient @Nullable MigrationStatement failed;

  /** The server's error message, or empty. */
  private final String serverError;

  /** The statements applied before the failure. */
  private final transient List<MigrationStatement> applied;

  MigrationException(
      String message,
      @Nullable MigrationStatement failed,
      String serverError,
      List<MigrationStatement> applied,
      @Nullable Throwable cause) {
    super(message, cause == null ? new IllegalStateException(message) : cause);
    this.failed = failed;
    this.serverError = serverError;
    this.applied = List.copyOf(applied);
  }

  /**
   * Returns the statement the server rejected.
   *
   * @return the statement, or empty when the migration stopped before running any
   */
  public Optional<MigrationStatement> failedStatement() {
    return Optional.ofNullable(failed);
  }

  /**
   * Returns the server's error, such as {@code (1091) Can't DROP INDEX `k`; check that it exists}.
   *
   * @return the error, or empty when no statement failed
   */
  public String serverError() {
    return serverError;
  }

  /**
   * Returns the statements that had been applied when the migration stopped, in order.
   *
   * @return the applied statements
   */
  public List<MigrationStatement> applied() {
    return applied == null ? List.of() : applied;
  }
}
