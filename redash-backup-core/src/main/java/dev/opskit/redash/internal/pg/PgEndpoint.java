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
 * @param remoteShell whether the command prefix hands the program's arguments to a shell that
 *     parses them again (ssh): each is then quoted for a POSIX shell
 */
public record PgEndpoint(
    String host,
    int port,
    String database,
    String user,
    @Nullable String password,
    List<String> commandPrefix,
    @Nullable Path toolsDirectory,
    String urlQuery,
    boolean remoteShell) {

  /** Checks and copies the components. */
  public PgEndpoint {
    Objects.requireNonNull(host, "host");
    PgNames.require("database name", database);
    PgNames.require("role", user);
    commandPrefix = List.copyOf(commandPrefix);
    Objects.requireNonNull(urlQuery, "urlQuery");
  }

  /**
   * An endpoint whose command prefix passes arguments on unchanged (TCP, {@code docker exec}).
   *
   * @param host server host (TCP mode)
   * @param port server port (TCP mode)
   * @param database the database to work on
   * @param user the role to connect as
   * @param password the role's password, or null
   * @param commandPrefix the prefix for client programs, empty in TCP mode
   * @param toolsDirectory where the client programs live, or null to use the PATH
   * @param urlQuery the JDBC URL's query, empty for none
   */
  public PgEndpoint(
      String host,
      int port,
      String database,
      String user,
      @Nullable String password,
      List<String> commandPrefix,
      @Nullable Path toolsDirectory,
      String urlQuery) {
    this(host, port, database, user, password, commandPrefix, toolsDirectory, urlQuery, false);
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
    String path = uri.getRawPath();
    if (uri.getHost() == null || path == null || path.isEmpty()) {
      throw new IllegalArgumentException(
          "the JDBC URL names no host or database (expected jdbc:postgresql://host:port/database): "
              + redactUrl(url));
    }
    // Decoded as pgjdbc decodes it (URLDecoder: %XX escapes, and + for a space).
    String database =
        java.net.URLDecoder.decode(path.substring(1), java.nio.charset.StandardCharsets.UTF_8);
    PgNames.require("database name in the JDBC URL", database);
    return new PgEndpoint(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        database,
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
        host, port, name, user, password, commandPrefix, toolsDirectory, urlQuery, remoteShell);
  }

  /**
   * The same endpoint with client programs taken from a directory.
   *
   * @param directory the directory holding pg_dump, pg_restore and psql
   * @return the endpoint
   */
  public PgEndpoint withToolsDirectory(@Nullable Path directory) {
    return new PgEndpoint(
        host, port, database, user, password, commandPrefix, directory, urlQuery, remoteShell);
  }

  /**
   * The JDBC URL for a database of this server, with the original URL's parameters. The name is
   * percent-encoded: pgjdbc splits the URL at {@code /}, {@code ?}, {@code &} and {@code =} and
   * then URL-decodes the database.
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
        + java.net.URLEncoder.encode(
                PgNames.require("database name", name), java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20")
        + (urlQuery.isEmpty() ? "" : "?" + urlQuery);
  }

  /**
   * The command line that runs a client program against a database of this server.
   *
   * <p>The database travels as the connection string {@code dbname='<name>'}: libpq reads a bare
   * {@code --dbname} value as a connection string when it contains {@code =} or starts with {@code
   * postgresql://}, which would connect elsewhere. Names are never positional arguments (a leading
   * {@code -} would make them options). Behind a remote shell (ssh) each argument is quoted for it.
   *
   * @param tool pg_dump, pg_restore or psql
   * @param name the database
   * @param args the program's other arguments
   * @return the command line; it never carries the password
   */
  public List<String> command(String tool, String name, List<String> args) {
    List<String> arguments = new ArrayList<>();
    arguments.add(toolsDirectory == null ? tool : toolsDirectory.resolve(tool).toString());
    if (tcp()) {
      arguments.addAll(List.of("--host", host, "--port", Integer.toString(port)));
    }
    arguments.add("--username=" + user);
    arguments.add(
        "--dbname=dbname=" + PgNames.conninfoQuote(PgNames.require("database name", name)));
    arguments.addAll(args);
    return withPrefix(arguments);
  }

  /**
   * The command line that prints a client program's version.
   *
   * @param tool pg_dump, pg_restore or psql
   * @return the command line
   */
  public List<String> versionCommand(String tool) {
    return withPrefix(
        List.of(
            toolsDirectory == null ? tool : toolsDirectory.resolve(tool).toString(), "--version"));
  }

  /**
   * The command prefix followed by the program and its arguments, each quoted for the remote shell
   * when there is one.
   */
  private List<String> withPrefix(List<String> arguments) {
    List<String> command = new ArrayList<>(commandPrefix);
    for (String argument : arguments) {
      command.add(remoteShell ? PgNames.shellQuote(argument) : argument);
    }
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

  /**
   * Hides the value of an argument such as {@code PGPASSWORD=...}, {@code --password=...} or {@code
   * password=...}: the one redaction for everything that shows or logs a command line.
   *
   * @param argument a command-line argument
   * @return it, with any secret value replaced by ***
   */
  static String redactArgument(String argument) {
    return argument.replaceAll("(?is)^([^=]*(password|secret|token|credential)[^=]*=).*$", "$1***");
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
