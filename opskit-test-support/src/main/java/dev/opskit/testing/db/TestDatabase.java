package dev.opskit.testing.db;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A freshly created database on a real server, dropped by {@link #close()}.
 *
 * <p>In a JUnit test, declare a parameter and the database is created before the test and dropped
 * after it:
 *
 * <pre>{@code
 * @Test
 * void roundTripsARow(@MySql TestDatabase db) throws SQLException {
 *   try (Connection c = db.connect()) { ... }
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatabaseServer server;
  private final String name;
  private final AtomicBoolean dropped = new AtomicBoolean();

  private TestDatabase(DatabaseServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /**
   * Creates a new, empty database on the server the environment configures for an engine.
   *
   * @param engine the kind of server
   * @param hint what the database is for; becomes part of its name
   * @return the new database
   * @throws ServerUnavailableException if the server cannot be reached
   */
  public static TestDatabase create(DatabaseEngine engine, String hint) {
    return create(DatabaseServers.get(engine), hint);
  }

  /**
   * Creates a new, empty database on a given server.
   *
   * @param server the server
   * @param hint what the database is for; becomes part of its name
   * @return the new database
   * @throws IllegalStateException if the server refuses to create it
   */
  public static TestDatabase create(DatabaseServer server, String hint) {
    Objects.requireNonNull(server, "server");
    String name = DatabaseNames.forTest(hint, RANDOM);
    String sql =
        switch (server.engine()) {
          case MYSQL -> "CREATE DATABASE `" + name + "`";
          case POSTGRES -> "CREATE DATABASE \"" + name + "\"";
        };
    execute(server, sql);
    return new TestDatabase(server, name);
  }

  /**
   * Returns the database's name.
   *
   * @return the name, unique to this test
   */
  public String name() {
    return name;
  }

  /**
   * Returns the server the database lives on.
   *
   * @return the server
   */
  public DatabaseServer server() {
    return server;
  }

  /**
   * Returns the kind of server the database lives on.
   *
   * @return the engine
   */
  public DatabaseEngine engine() {
    return server.engine();
  }

  /**
   * Returns the JDBC URL of this database.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  /**
   * Returns the user the tests log in as.
   *
   * @return the user
   */
  public String user() {
    return server.user();
  }

  /**
   * Returns the password the tests log in with.
   *
   * @return the password, possibly empty
   */
  public String password() {
    return server.password();
  }

  /**
   * Returns a data source for this database from the engine's own JDBC driver.
   *
   * @return a new, unpooled data source
   */
  public DataSource dataSource() {
    return switch (server.engine()) {
      case MYSQL -> {
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        yield dataSource;
      }
      case POSTGRES -> {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        yield dataSource;
      }
    };
  }

  /**
   * Opens a connection to this database.
   *
   * @return a new connection that the caller closes
   * @throws SQLException if the server refuses it
   */
  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  /** Drops the database, and everything in it; calling it again does nothing. */
  @Override
  public void close() {
    if (!dropped.compareAndSet(false, true)) {
      return;
    }
    String sql =
        switch (server.engine()) {
          case MYSQL -> "DROP DATABASE IF EXISTS `" + name + "`";
          // FORCE ends sessions a failed test left open, so the drop never waits on them.
          case POSTGRES -> "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)";
        };
    execute(server, sql);
  }

  @Override
  public String toString() {
    return name + " on " + server;
  }

  private static void execute(DatabaseServer server, String sql) {
    try (Connection connection = server.connect("");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(server + " refused: " + sql + ": " + e.getMessage(), e);
    }
  }
}
