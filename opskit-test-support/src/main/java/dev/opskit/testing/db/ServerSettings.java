package dev.opskit.testing.db;

import java.util.Map;
import java.util.Objects;

/**
 * Where the tests find one database server, read from environment variables with local defaults.
 *
 * <p>For {@link DatabaseEngine#MYSQL} {@code OPSKIT_MYSQL_SERVER} picks the server ({@link
 * ServerKind}): MariaDB (default) is configured by {@code OPSKIT_MYSQL_HOST} (default {@code
 * 127.0.0.1}), {@code OPSKIT_MYSQL_PORT} ({@code 3306}), {@code OPSKIT_MYSQL_USER} ({@code root})
 * and {@code OPSKIT_MYSQL_PASSWORD} (empty), MySQL 8.0 by {@code OPSKIT_MYSQL80_*} (port {@code
 * 3307}) and MySQL 9.7 by {@code OPSKIT_MYSQL97_*} (port {@code 3308}); PostgreSQL uses {@code
 * OPSKIT_POSTGRES_*} with port {@code 5432} and user {@code postgres}. {@code
 * OPSKIT_TEST_SERVERS=testcontainers} starts the servers in Docker instead.
 *
 * @param kind the server product the tests expect
 * @param provider where the server comes from
 * @param host the host of a local server
 * @param port the port of a local server
 * @param user the user of a local server
 * @param password the password of a local server; never printed
 */
public record ServerSettings(
    ServerKind kind, Provider provider, String host, int port, String user, String password) {

  /** The variable that chooses between the local servers and Testcontainers. */
  public static final String PROVIDER_VARIABLE = "OPSKIT_TEST_SERVERS";

  public ServerSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          kind.variablePrefix() + "_PORT must be between 1 and 65535, was " + port);
    }
  }

  /**
   * Reads the settings of one server from an environment.
   *
   * @param engine the kind of server
   * @param environment the environment, usually {@link System#getenv()}
   * @return the settings, with local defaults for what the environment does not set
   * @throws IllegalArgumentException if a variable holds a value that cannot be used, naming it
   */
  public static ServerSettings fromEnvironment(
      DatabaseEngine engine, Map<String, String> environment) {
    ServerKind kind = ServerKind.of(engine, environment);
    String prefix = kind.variablePrefix();
    return new ServerSettings(
        kind,
        Provider.parse(environment.get(PROVIDER_VARIABLE)),
        valueOr(environment, prefix + "_HOST", "127.0.0.1"),
        port(environment, prefix + "_PORT", kind.defaultPort()),
        valueOr(environment, prefix + "_USER", engine.defaultUser()),
        valueOr(environment, prefix + "_PASSWORD", ""));
  }

  /**
   * Returns the protocol family of the server.
   *
   * @return the engine, which decides the JDBC driver
   */
  public DatabaseEngine engine() {
    return kind.engine();
  }

  /**
   * Returns the names of the variables that point the tests at another server.
   *
   * @return the variable names, comma separated
   */
  public String variableNames() {
    String prefix = kind.variablePrefix();
    return String.join(
        ", ", prefix + "_HOST", prefix + "_PORT", prefix + "_USER", prefix + "_PASSWORD");
  }

  @Override
  public String toString() {
    return "ServerSettings[kind="
        + kind
        + ", provider="
        + provider
        + ", host="
        + host
        + ", port="
        + port
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "(empty)" : "(hidden)")
        + "]";
  }

  private static String valueOr(Map<String, String> environment, String name, String fallback) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int port(Map<String, String> environment, String name, int fallback) {
    String value = valueOr(environment, name, Integer.toString(fallback));
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
    }
  }

  /** Where a test server comes from. */
  public enum Provider {
    /** A server already running, by default on this machine. */
    LOCAL,
    /** A throw-away server that Testcontainers starts in Docker. */
    TESTCONTAINERS;

    static Provider parse(String value) {
      if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("local")) {
        return LOCAL;
      }
      if (value.trim().equalsIgnoreCase("testcontainers")) {
        return TESTCONTAINERS;
      }
      throw new IllegalArgumentException(
          PROVIDER_VARIABLE + " must be 'local' or 'testcontainers', was '" + value + "'");
    }
  }
}
