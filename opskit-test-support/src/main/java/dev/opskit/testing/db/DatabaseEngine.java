package dev.opskit.testing.db;

/** The database servers the opskit integration tests run against. */
public enum DatabaseEngine {
  /** MariaDB or MySQL, reached with MySQL Connector/J. */
  MYSQL(
      "MariaDB/MySQL",
      "OPSKIT_MYSQL",
      3306,
      "root",
      "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
      "mysql:8.4"),
  /** PostgreSQL, reached with the PostgreSQL JDBC driver. */
  POSTGRES(
      "PostgreSQL",
      "OPSKIT_POSTGRES",
      5432,
      "postgres",
      "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
      "postgres:15");

  private final String displayName;
  private final String variablePrefix;
  private final int defaultPort;
  private final String defaultUser;
  private final String localStartCommand;
  private final String containerImage;

  DatabaseEngine(
      String displayName,
      String variablePrefix,
      int defaultPort,
      String defaultUser,
      String localStartCommand,
      String containerImage) {
    this.displayName = displayName;
    this.variablePrefix = variablePrefix;
    this.defaultPort = defaultPort;
    this.defaultUser = defaultUser;
    this.localStartCommand = localStartCommand;
    this.containerImage = containerImage;
  }

  /**
   * Returns the name people use for this server.
   *
   * @return the display name, such as {@code PostgreSQL}
   */
  public String displayName() {
    return displayName;
  }

  /**
   * Returns the prefix of the environment variables that configure this server.
   *
   * @return for example {@code OPSKIT_MYSQL}, read as {@code OPSKIT_MYSQL_HOST}, {@code _PORT},
   *     {@code _USER} and {@code _PASSWORD}
   */
  public String variablePrefix() {
    return variablePrefix;
  }

  /**
   * Returns the TCP port the server listens on by default.
   *
   * @return the default port
   */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * Returns the user the local server accepts without a password on a fresh machine.
   *
   * @return the default user
   */
  public String defaultUser() {
    return defaultUser;
  }

  /**
   * Returns the shell command that starts the local server on an opskit development machine.
   *
   * @return the start command
   */
  public String localStartCommand() {
    return localStartCommand;
  }

  /**
   * Returns the Docker image Testcontainers starts for this engine.
   *
   * @return the image name with its tag
   */
  public String containerImage() {
    return containerImage;
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
