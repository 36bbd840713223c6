package dev.opskit.redash.internal.pg;

import dev.opskit.redash.RedashBackupException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server (or psql in front of it) refused a statement. Callers that tolerate one kind of
 * refusal decide by {@link #sqlState()}, never by the message.
 */
public final class SqlRefusedException extends RedashBackupException {
  private static final long serialVersionUID = 1L;

  /** {@code duplicate_object}: such as a role that already exists. */
  public static final String DUPLICATE_OBJECT = "42710";

  private final @Nullable String sqlState;

  /**
   * Creates the exception.
   *
   * @param message what was refused and where
   * @param sqlState the server's SQLSTATE, or null when unknown (psql reports none)
   * @param cause the driver's exception, or null
   */
  public SqlRefusedException(String message, @Nullable String sqlState, @Nullable Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /**
   * The server's SQLSTATE error code, such as {@code 42710}.
   *
   * @return the code; empty when psql ran the statement (it stops without telling) or no server
   *     answered
   */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }
}
