package dev.opskit.schemadiff;

import dev.opskit.schemadiff.migrate.MigrationStatement;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when {@link MigrationPlan#applyTo} stops: the database is neither in the {@code from}
 * state nor part-way to {@code to}, or the server rejected a statement. It says which statement
 * failed, the server's error, which statements had already been applied (MySQL commits each DDL
 * statement, so those stay) and which were not. After the cause is fixed (such as rows that break a
 * new unique key), calling {@link MigrationPlan#applyTo} again runs only what is not yet in effect.
 */
public final class MigrationException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** The statement the server rejected, or null when none ran. */
  private final transient @Nullable MigrationStatement failed;

  /** The server's error message, or empty. */
  private final String serverError;

  /** The statements applied before the failure. */
  private final transient List<MigrationStatement> applied;

  /** The statements not applied: the failed one and those after it. */
  private final transient List<MigrationStatement> notApplied;

  MigrationException(
      String message,
      @Nullable MigrationStatement failed,
      String serverError,
      List<MigrationStatement> applied,
      List<MigrationStatement> notApplied,
      @Nullable Throwable cause) {
    super(message, cause == null ? new IllegalStateException(message) : cause);
    this.failed = failed;
    this.serverError = serverError;
    this.applied = List.copyOf(applied);
    this.notApplied = List.copyOf(notApplied);
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

  /**
   * Returns the statements that were not applied: the one the server rejected and those after it.
   *
   * @return the statements in order, empty when the database was refused before any ran
   */
  public List<MigrationStatement> notApplied() {
    return notApplied == null ? List.of() : notApplied;
  }
}
