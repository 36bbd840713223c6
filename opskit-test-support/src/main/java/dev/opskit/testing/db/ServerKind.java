package dev.opskit.testing.db;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One server product and version line the integration tests run against. {@link
 * DatabaseEngine#MYSQL} tests run on one of three, chosen for the whole test JVM by {@code
 * OPSKIT_MYSQL_SERVER} ({@code mariadb}, the default, {@code mysql80} or {@code mysql97}); each has
 * its own variables, so one machine can offer all three at once.
 */
public enum ServerKind {
  /** MariaDB 10.11, the machine's own server. */
  MARIADB(
      DatabaseEngine.MYSQL,
      "mariadb",
      "MariaDB",
      "OPSKIT_MYSQL",
      3306,
      "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
      "mariadb:10.11",
      null),
  /** Oracle MySQL 8.0 (8.0.31 locally, from a Maven Central jar). */
  MYSQL_8_0(
      DatabaseEngine.MYSQL,
      "mysql80",
      "MySQL 8.0",
      "OPSKIT_MYSQL80",
      3307,
      "bash .ci/mysql-servers.sh start 8.0",
      "mysql:8.0",
      "8.0"),
  /** Oracle MySQL 9.7 (9.7.4 locally, Debian sid's build in a chroot). */
  MYSQL_9_7(
      DatabaseEngine.MYSQL,
      "mysql97",
      "MySQL 9.7",
      "OPSKIT_MYSQL97",
      3308,
      "bash .ci/mysql-servers.sh start 9.7",
      "mysql:9.7",
      "9.7"),
  /** PostgreSQL 15. */
  POSTGRES(
      DatabaseEngine.POSTGRES,
      "postgres",
      "PostgreSQL",
      "OPSKIT_POSTGRES",
      5432,
      "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
      "postgres:15",
      null);

  /** The variable that chooses the MariaDB/MySQL server of a test JVM. */
  public static final String SELECTOR_VARIABLE = "OPSKIT_MYSQL_SERVER";

  private final DatabaseEngine engine;
  private final String id;
  private final String displayName;
  private final String variablePrefix;
  private final int defaultPort;
  private final String localStartCommand;
  private final String containerImage;
  private final @Nullable String scriptFlavor;

  ServerKind(
      DatabaseEngine engine,
      String id,
      String displayName,
      String variablePrefix,
      int defaultPort,
      String localStartCommand,
      String containerImage,
      @Nullable String scriptFlavor) {
    this.engine = engine;
    this.id = id;
    this.displayName = displayName;
    this.variablePrefix = variablePrefix;
    this.defaultPort = defaultPort;
    this.localStartCommand = localStartCommand;
    this.containerImage = containerImage;
    this.scriptFlavor = scriptFlavor;
  }

  /**
   * Returns the server an engine's tests use in an environment.
   *
   * @param engine the engine
   * @param environment the environment, usually {@link System#getenv()}
   * @return the server kind
   * @throws IllegalArgumentException if {@code OPSKIT_MYSQL_SERVER} names no server, listing those
   *     it may name
   */
  public static ServerKind of(DatabaseEngine engine, Map<String, String> environment) {
    if (engine == DatabaseEngine.POSTGRES) {
      return POSTGRES;
    }
    String value = environment.get(SELECTOR_VARIABLE);
    if (value == null || value.isBlank()) {
      return MARIADB;
    }
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (ServerKind kind : values()) {
      if (kind.engine == DatabaseEngine.MYSQL && kind.id.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        SELECTOR_VARIABLE + " must be mariadb, mysql80 or mysql97, was '" + value + "'");
  }

  /** Returns the protocol family, which decides the JDBC driver. */
  public DatabaseEngine engine() {
    return engine;
  }

  /** Returns the name people use for this server, such as {@code MySQL 8.0}. */
  public String displayName() {
    return displayName;
  }

  /**
   * Returns the prefix of the variables that configure this server, read as {@code _HOST}, {@code
   * _PORT}, {@code _USER} and {@code _PASSWORD}.
   */
  public String variablePrefix() {
    return variablePrefix;
  }

  /** Returns the port the local server of this kind listens on by default. */
  public int defaultPort() {
    return defaultPort;
  }

  /** Returns the shell command, run from the project's root, that starts the local server. */
  public String localStartCommand() {
    return localStartCommand;
  }

  /** Returns the Docker image Testcontainers starts for this kind. */
  public String containerImage() {
    return containerImage;
  }

  /**
   * Returns the flavor argument of the project's {@code .ci/mysql-servers.sh} for a server the
   * tests may start themselves.
   */
  @Nullable String scriptFlavor() {
    return scriptFlavor;
  }

  /**
   * Returns whether a server's {@code SELECT VERSION()} is of this kind: tests pointed at the wrong
   * server must fail, not pass on another product.
   *
   * @param version the version string the server reports
   * @return true if the version belongs to this kind
   */
  public boolean accepts(String version) {
    boolean mariaDb = version.toLowerCase(Locale.ROOT).contains("mariadb");
    return switch (this) {
      case MARIADB -> mariaDb;
      case MYSQL_8_0 -> !mariaDb && version.startsWith("8.0.");
      case MYSQL_9_7 -> !mariaDb && version.startsWith("9.7.");
      case POSTGRES -> true;
    };
  }
}
