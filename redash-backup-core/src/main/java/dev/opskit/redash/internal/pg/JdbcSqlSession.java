package dev.opskit.redash.internal.pg;

import dev.opskit.redash.RedashBackupException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

final class JdbcSqlSession implements SqlSession {
  private final Connection connection;
  private final String where;

  private JdbcSqlSession(Connection connection, String where) {
    this.connection = connection;
    this.where = where;
  }

  static JdbcSqlSession open(PgEndpoint endpoint, String database) {
    Properties properties = new Properties();
    properties.setProperty("user", endpoint.user());
    if (endpoint.password() != null) {
      properties.setProperty("password", endpoint.password());
    }
    properties.setProperty("ApplicationName", "opskit-redash-backup");
    properties.setProperty("connectTimeout", "15");
    String where = endpoint.withDatabase(database).toString();
    try {
      return new JdbcSqlSession(
          DriverManager.getConnection(endpoint.jdbcUrl(database), properties), where);
    } catch (SQLException e) {
      throw new RedashBackupException("cannot connect to " + where + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<List<@Nullable String>> query(String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<@Nullable String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<@Nullable String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw refused(sql, e);
    }
  }

  @Override
  public void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw refused(sql, e);
    }
  }

  @Override
  public void executeSecret(String sql, String what) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      // The server's message may quote the statement, so only its SQLSTATE is passed on.
      throw new SqlRefusedException(
          where + " refused to " + what + " (SQLSTATE " + e.getSQLState() + ")",
          e.getSQLState(),
          null);
    }
  }

  private SqlRefusedException refused(String sql, SQLException e) {
    return new SqlRefusedException(
        where + " refused: " + sql + ": " + e.getMessage(), e.getSQLState(), e);
  }

  @Override
  public void beginRepeatableRead() {
    try {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
    } catch (SQLException e) {
      throw new RedashBackupException(where + ": cannot start a snapshot: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JDBC session on " + where;
  }

  @Override
  public void close() {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      connection.close();
    } catch (SQLException e) {
      // Closing is best effort: the server ends the session when the socket goes.
    }
  }
}
