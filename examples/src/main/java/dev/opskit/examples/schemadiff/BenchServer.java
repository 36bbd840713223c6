package dev.opskit.examples.schemadiff;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The MariaDB or MySQL server the benchmark runs on, found with the same {@code OPSKIT_MYSQL_*}
 * variables and defaults as the integration tests.
 *
 * @param host the host
 * @param port the port
 * @param user the user
 * @param password the password; never printed
 */
record BenchServer(String host, int port, String user, String password) {

  static BenchServer fromEnvironment(Map<String, String> environment) {
    return new BenchServer(
        environment.getOrDefault("OPSKIT_MYSQL_HOST", "127.0.0.1"),
        Integer.parseInt(environment.getOrDefault("OPSKIT_MYSQL_PORT", "3306")),
        environment.getOrDefault("OPSKIT_MYSQL_USER", "root"),
        environment.getOrDefault("OPSKIT_MYSQL_PASSWORD", ""));
  }

  /** Returns the JDBC URL of a database, as a user of {@code SchemaSource.jdbc} would write it. */
  String jdbcUrl(String database) {
    return "jdbc:mysql://" + host + ":" + port + "/" + database + "?allowPublicKeyRetrieval=true";
  }

  /** Opens a connection that may send several statements in one query. */
  Connection connectForSetup() throws SQLException {
    return DriverManager.getConnection(
        jdbcUrl("") + "&allowMultiQueries=true&useSSL=false", user, password);
  }

  /** Opens a plain connection to the server, no database selected. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(""), user, password);
  }

  /** Returns a data source whose connections open a database, for {@code MigrationPlan.applyTo}. */
  DataSource dataSource(String database) {
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setURL(jdbcUrl(database));
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }
}
