package dev.opskit.schemadiff.internal.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs SQL scripts over JDBC, so the tests need no command-line client to load a schema. */
public final class Scripts {
  private Scripts() {}

  /**
   * Runs a script statement by statement, DELIMITER lines included.
   *
   * @param connection the connection to run it on
   * @param script the script
   * @throws SQLException naming the statement the server refused
   */
  public static void execute(Connection connection, String script) throws SQLException {
    StatementSplitter splitter = new StatementSplitter(script);
    try (Statement statement = connection.createStatement()) {
      for (var span = splitter.next(); span != null; span = splitter.next()) {
        String sql = splitter.statement(span).text();
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new SQLException(
              e.getMessage() + " in: " + sql, e.getSQLState(), e.getErrorCode(), e);
        }
      }
    }
  }
}
