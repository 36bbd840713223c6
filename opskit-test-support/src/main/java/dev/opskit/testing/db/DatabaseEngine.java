package dev.opskit.testing.db;

/**
 * The kinds of database server the opskit integration tests talk to, by protocol; {@link
 * ServerKind} says which product and version.
 */
public enum DatabaseEngine {
  /** MariaDB or MySQL, reached with MySQL Connector/J. */
  MYSQL("MariaDB/MySQL", 3306, "root"),
  /** PostgreSQL, reached with the PostgreSQL JDBC driver. */
  POSTGRES("PostgreSQL", 5432, "postgres");

  private final String displayName;
  private final int defaultPort;
  private final String defaultUser;

  DatabaseEngine(String displayName, int defaultPort, String defaultUser) {
    this.displayName = displayName;
    this.defaultPort = defaultPort;
    this.defaultUser = defaultUser;
  }

  /**
   * Returns the name people use for this kind of server.
   *
   * @return the display name, such as {@code PostgreSQL}
   */
  public String displayName() {
    return displayName;
  }

  /**
   * Returns the TCP port the engine's servers listen on by default (also inside a container).
   *
   * @return the default port
   */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * Returns the administrative user a fresh server accepts.
   *
   * @return the default user
   */
  public String defaultUser() {
    return defaultUser;
  }

  /**
   * Returns the JDBC URL of one database on a server.
   *
   * @param host the server's host name or address
   * @param port the server's port
   * @param database the database, or an empty string for the server's default
   * @return the JDBC URL, with connect timeouts so a dead server fails fast
   */
  public String jdbcUrl(String host, int port, String database) {
    return switch (this) {
      case MYSQL ->
          "jdbc:mysql://"
              + host
              + ":"
              + port
              + "/"
              + database
              + "?connectTimeout=5000&allowPublicKeyRetrieval=true";
      case POSTGRES ->
          "jdbc:postgresql://"
              + host
              + ":"
              + port
              + "/"
              + (database.isEmpty() ? "postgres" : database)
              + "?connectTimeout=5";
    };
  }
}
