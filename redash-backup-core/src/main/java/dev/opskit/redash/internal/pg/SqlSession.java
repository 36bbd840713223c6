package dev.opskit.redash.internal.pg;

import dev.opskit.redash.RedashBackupException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * SQL against one database: over JDBC in TCP mode, through a long-lived psql behind the command
 * prefix otherwise (a Docker install publishes no port).
 */
public interface SqlSession extends AutoCloseable {

  /**
   * Opens a session on a database of the endpoint's server.
   *
   * @param endpoint the server
   * @param database the database
   * @return the session
   */
  static SqlSession open(PgEndpoint endpoint, String database) {
    return endpoint.tcp()
        ? JdbcSqlSession.open(endpoint, database)
        : PsqlSqlSession.open(endpoint, database);
  }

  /**
   * Runs a query.
   *
   * @param sql the query
   * @return its rows; NULL values are null
   * @throws SqlRefusedException if the server refused it
   */
  List<List<@Nullable String>> query(String sql);

  /**
   * Runs a statement (or several, separated by semicolons: the first that fails ends the request).
   *
   * @param sql the statement
   * @throws SqlRefusedException if the server refused it
   */
  void execute(String sql);

  /**
   * Runs a statement that carries a secret: it is never logged or put into an error message.
   *
   * @param sql the statement
   * @param what what the statement does, for messages
   * @throws SqlRefusedException if the server refused it; its message names only {@code what}
   */
  void executeSecret(String sql, String what);

  /**
   * The first column of the first row.
   *
   * @param sql the query
   * @return the value, empty for no row or NULL
   */
  default Optional<String> queryValue(String sql) {
    List<List<@Nullable String>> rows = query(sql);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0).get(0));
  }

  /**
   * Starts a read-only repeatable-read transaction and exports its snapshot, so that pg_dump and
   * the row counts of the manifest see exactly the same data.
   *
   * @return the snapshot id for {@code pg_dump --snapshot}
   */
  default String exportSnapshot() {
    beginRepeatableRead();
    return queryValue("SELECT pg_export_snapshot()")
        .orElseThrow(
            () -> new RedashBackupException(this + ": pg_export_snapshot() returned nothing"));
  }

  /** Starts a read-only repeatable-read transaction that later calls run in. */
  void beginRepeatableRead();

  @Override
  void close();
}
