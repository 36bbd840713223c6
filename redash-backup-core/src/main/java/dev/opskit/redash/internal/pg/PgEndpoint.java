package dev.opskit.redash.internal.pg;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the server: over TCP from this machine (JDBC for SQL, local client programs for
 * dumps), or through a command prefix such as {@code docker exec -i redash-postgres-1} that runs
 * the server's own client programs where no port is published.
 *
 * @param host server host (TCP mode)
 * @param port server port (TCP mode)
 * @param database the database to work on
 * @param user the role to connect as
 * @param password the role's password, or null for trust/peer/.pgpass authentication
 * @param commandPrefix the prefix for client programs, empty in TCP mode
 * @param toolsDirectory where pg_dump, pg_restore and psql live, or null to use the PATH
 * @param urlQuery the JDBC URL's query (such as {@code sslmode=verify-full}), empty for none
 */
public record PgEndpoint(
    String host,
    int port,
    String database,
    String user,
    @Nullable String password,
    List<String> commandPrefix,
    @Nullable Path toolsDirectory,
    String urlQuery) {

  /** Checks and copies the components. */
  public PgEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    commandPrefix = List.copyOf(commandPrefix);
    Objects.requireNonNull(urlQuery, "urlQuery");
  }

  /**
   * JDBC URL parameters and the libpq environment variables that carry them to pg_dump and psql.
   */
  private static final java.util.Map<String, String> LIBPQ_VARIABLES =
      java.util.Map.of(
          "sslmode", "PGSSLMODE",
          "sslrootcert", "PGSSLROOTCERT",
          "sslcert", "PGSSLCERT",
          "sslkey", "PGSSLKEY",
          "connectTimeout", "PGCONNECT_TIMEOUT",
          "ApplicationName", "PGAPPNAME");

  /**
   * The environment for client programs: the password (never argv, which every user of the machine
   * can read in ps) and the URL's TLS settings, so pg_dump and psql verify the server as JDBC does.
   *
   * @return the variables
   */
  public java.util.Map<String, String> processEnvironment() {
    java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    environment.put("PGCONNECT_TIMEOUT", "15");
    if (!urlQuery.isEmpty()) {
      for (String parameter : urlQuery.split("&")) {
        int eq = parameter.indexOf('=');
        if (eq > 0 && LIBPQ_VARIABLES.containsKey(parameter.substring(0, eq))) {
          environment.put(
              LIBPQ_VARIABLES.get(parameter.substring(0, eq)),
              java.net.URLDecoder.decode(
                  parameter.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    if (password != null) {
      environment.put("PGPASSWORD", password);
    }
    return environment;
  }

  /**
   * Parses a {@code jdbc:postgresql://host[:port]/database} URL.
   *
   * @param url the URL
   * @param user the role
   * @param password its password, or null
   * @return the endpoint
   */
  public static PgEndpoint fromJdbcUrl(String url, String user, @Nullable String password) {
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database): "
              + redactUrl(url));
    }
    URI uri;
    try {
      uri = URI.create(url.substring("jdbc:".length()));
    } catch (IllegalArgumentException e) {
      // URI's own message quotes the whole URL, password included.
      throw new IllegalArgumentException(
          "not a valid PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database): "
              + redactUrl(url));
    }
    String path = uri.getPath();
    if (uri.getHost() == null || path == null || path.length() <= 1) {
      throw new IllegalArgumentException(
          "the JDBC URL names no host or database (expected jdbc:postgresql://host:port/database): "
              + redactUrl(url));
    }
    return new PgEndpoint(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.substring(1),
        user,
        password,
        List.of(),
        null,
        uri.getRawQuery() == null ? "" : uri.getRawQuery());
  }

  /**
   * Whether SQL goes over JDBC (true) or through psql behind the command prefix (false).
   *
   * @return true in TCP mode
   */
  public boolean tcp() {
    return commandPrefix.isEmpty();
  }

  /**
   * The same endpoint for another database of the server.
   *
   * @param name the database
   * @return the endpoint
   */
  public PgEndpoint withDatabase(String name) {
    return new PgEndpoint(
        host, port, name, user, password, commandPrefix, toolsDirectory, urlQuery);
  }

  /**
   * The same endpoint with client programs taken from a directory.
   *
   * @param directory the directory holding pg_dump, pg_restore and psql
   * @return the endpoint
   */
  public PgEndpoint withToolsDirectory(@Nullable Path directory) {
    return new PgEndpoint(host, port, database, user, password, commandPrefix, directory, urlQuery);
  }

  /**
   * The JDBC URL for a database of this server, with the original URL's parameters.
   *
   * @param name the database
   * @return the URL
   */
  public String jdbcUrl(String name) {
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + "/"
        + name
        + (urlQuery.isEmpty() ? "" : "?" + urlQuery);
  }

  /**
   * The command line that runs a client program against a database of this server.
   *
   * @param tool pg_dump, pg_restore or psql
   * @param name the database
   * @param args the program's other arguments
   * @return the command line; it never carries the password
   */
  public List<String> command(String tool, String name, List<String> args) {
    List<String> command = new ArrayList<>(commandPrefix);
    command.add(toolsDirectory == null ? tool : toolsDirectory.resolve(tool).toString());
    if (tcp()) {
      command.addAll(List.of("--host", host, "--port", Integer.toString(port)));
    }
    command.addAll(List.of("--username", user, "--dbname", name));
    command.addAll(args);
    return command;
  }

  /**
   * The command line that prints a client program's version.
   *
   * @param tool pg_dump, pg_restore or psql
   * @return the command line
   */
  public List<String> versionCommand(String tool) {
    List<String> command = new ArrayList<>(commandPrefix);
    command.add(toolsDirectory == null ? tool : toolsDirectory.resolve(tool).toString());
    command.add("--version");
    return command;
  }

  @Override
  public String toString() {
    return (tcp()
            ? "postgresql://" + user + "@" + host + ":" + port
            : commandPrefix.stream()
                    .map(PgEndpoint::redactArgument)
                    .collect(java.util.stream.Collectors.joining(" "))
                + " "
                + user
                + "@")
        + "/"
        + database;
  }

  /** Hides the value of an argument such as {@code PGPASSWORD=...} or {@code --password=...}. */
  private static String redactArgument(String argument) {
    return argument.replaceAll("(?i)^([^=]*(password|secret|token|credential)[^=]*=).*$", "$1***");
  }

  /**
   * Removes credentials a URL might carry in its user-info or query string.
   *
   * @param url a JDBC or connection URL
   * @return the URL with any password replaced by ***
   */
  public static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
  }
}
