package dev.opskit.testing.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A database server the tests can reach: where it is, who to log in as, and how it was found.
 *
 * @param engine the kind of server
 * @param host the host name or address
 * @param port the port
 * @param user the user, allowed to create and drop databases
 * @param password the password; never printed
 * @param origin how the server was found, for messages (such as {@code local} or {@code
 *     Testcontainers mysql:8.4})
 */
public record DatabaseServer(
    DatabaseEngine engine, String host, int port, String user, String password, String origin) {

  public DatabaseServer {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * Returns the JDBC URL of one database on this server.
   *
   * @param database the database, or an empty string for the server's default
   * @return the JDBC URL
   */
  public String jdbcUrl(String database) {
    return engine.jdbcUrl(host, port, database);
  }

  /**
   * Opens a connection to one database on this server.
   *
   * @param database the database, or an empty string for the server's default
   * @return a new connection that the caller closes
   * @throws SQLException if the server refuses it
   */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user, password);
  }

  @Override
  public String toString() {
    return engine.displayName() + " at " + host + ":" + port + " as " + user + " (" + origin + ")";
  }
}
