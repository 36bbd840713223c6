package dev.opskit.testing.db;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** Finds the database servers the tests run against, once per JVM. */
public final class DatabaseServers {
  static final String START_SCRIPT = ".ci/mysql-servers.sh";
  private static final long START_MINUTES = 15;
  private static final ConcurrentMap<DatabaseEngine, DatabaseServer> SERVERS =
      new ConcurrentHashMap<>();

  private DatabaseServers() {}

  /**
   * Returns the server for an engine, as the environment configures it, after checking that it
   * answers and is the product the environment asks for.
   *
   * <p>A local MySQL 8.0 or 9.7 server that does not answer is started with the project's {@code
   * .ci/mysql-servers.sh}, when the tests run inside an opskit checkout: a fresh machine needs no
   * set-up step before {@code mvn verify}.
   *
   * @param engine the kind of server
   * @return the server
   * @throws ServerUnavailableException if the server cannot be reached or is another product,
   *     saying how to provide one
   */
  public static DatabaseServer get(DatabaseEngine engine) {
    return SERVERS.computeIfAbsent(
        engine, e -> resolve(ServerSettings.fromEnvironment(e, System.getenv()), System.getenv()));
  }

  /**
   * Returns the servers this JVM has found so far with {@link #get}, the ones its tests may have
   * created databases on.
   *
   * @return the servers, in no particular order
   */
  public static List<DatabaseServer> resolved() {
    return List.copyOf(SERVERS.values());
  }

  static DatabaseServer resolve(ServerSettings settings, Map<String, String> environment) {
    DatabaseServer server =
        switch (settings.provider()) {
          case LOCAL ->
              new DatabaseServer(
                  settings.engine(),
                  settings.host(),
                  settings.port(),
                  settings.user(),
                  settings.password(),
                  "local " + settings.kind().displayName());
          case TESTCONTAINERS -> ContainerServers.start(settings.kind());
        };
    String version;
    try {
      version = version(server);
    } catch (SQLException first) {
      Optional<Path> script = startScript(settings);
      if (script.isEmpty()) {
        throw new ServerUnavailableException(
            unreachableMessage(settings, server, first, environment), first);
      }
      start(settings, script.get());
      try {
        version = version(server);
      } catch (SQLException e) {
        throw new ServerUnavailableException(
            unreachableMessage(settings, server, e, environment), e);
      }
    }
    if (!settings.kind().accepts(version)) {
      throw new ServerUnavailableException(
          server
              + " reports version "
              + version
              + ", but the tests of this run expect "
              + settings.kind().displayName()
              + " ("
              + ServerKind.SELECTOR_VARIABLE
              + "="
              + environment.getOrDefault(ServerKind.SELECTOR_VARIABLE, "mariadb")
              + "). Point "
              + settings.variableNames()
              + " at a "
              + settings.kind().displayName()
              + " server.",
          null);
    }
    return server;
  }

  private static String version(DatabaseServer server) throws SQLException {
    try (Connection connection = server.connect("");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The project's start script, for a local MySQL on this machine that the script can start. */
  static Optional<Path> startScript(ServerSettings settings) {
    boolean loopback =
        settings.host().equals("127.0.0.1") || settings.host().equalsIgnoreCase("localhost");
    if (settings.provider() != ServerSettings.Provider.LOCAL
        || settings.kind().scriptFlavor() == null
        || !loopback) {
      return Optional.empty();
    }
    return mysqlServersScript();
  }

  /**
   * Finds the project's {@code .ci/mysql-servers.sh}, which starts the local MySQL servers and runs
   * their {@code mysql} and {@code mysqldump} clients, in the working directory or above it.
   *
   * @return the script, or empty outside an opskit checkout
   */
  public static Optional<Path> mysqlServersScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve(START_SCRIPT);
      if (Files.isRegularFile(script)) {
        return Optional.of(script);
      }
    }
    return Optional.empty();
  }

  private static void start(ServerSettings settings, Path script) {
    ServerKind kind = settings.kind();
    try {
      Path log = Files.createTempFile("opskit-mysql-start", ".log");
      ProcessBuilder builder =
          new ProcessBuilder("bash", script.toString(), "start", kind.scriptFlavor())
              .directory(script.getParent().getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().put(kind.variablePrefix() + "_PORT", Integer.toString(settings.port()));
      Process process = builder.start();
      if (!process.waitFor(START_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new ServerUnavailableException(
            script + " did not start " + kind.displayName() + " within 15 minutes; see " + log,
            null);
      }
      if (process.exitValue() != 0) {
        throw new ServerUnavailableException(
            script
                + " could not start "
                + kind.displayName()
                + " (exit "
                + process.exitValue()
                + "):\n"
                + Files.readString(log).strip(),
            null);
      }
    } catch (IOException e) {
      throw new ServerUnavailableException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnavailableException("interrupted while starting " + kind.displayName(), e);
    }
  }

  static String unreachableMessage(
      ServerSettings settings,
      DatabaseServer server,
      SQLException cause,
      Map<String, String> environment) {
    ServerKind kind = settings.kind();
    String reason = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    StringBuilder message =
        new StringBuilder()
            .append(kind.displayName())
            .append(" is not reachable: ")
            .append(server)
            .append(": ")
            .append(reason.lines().findFirst().orElse(reason))
            .append("\nIntegration tests need a real server and are never skipped. Either:")
            .append("\n  - start the local server: ")
            .append(kind.localStartCommand())
            .append("\n  - point the tests at your server with ")
            .append(settings.variableNames())
            .append("\n  - or run the servers in Docker with ")
            .append(ServerSettings.PROVIDER_VARIABLE)
            .append("=testcontainers");
    if ("true".equalsIgnoreCase(environment.get("CI"))) {
      message.append(
          "\nCI=true: .ci/run starts the local servers before the tests; check its log.");
    }
    return message.toString();
  }
}
