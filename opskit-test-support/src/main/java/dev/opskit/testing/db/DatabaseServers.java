package dev.opskit.testing.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Finds the database servers the tests run against, once per JVM. */
public final class DatabaseServers {
  private static final ConcurrentMap<DatabaseEngine, DatabaseServer> SERVERS =
      new ConcurrentHashMap<>();

  private DatabaseServers() {}

  /**
   * Returns the server for an engine, as the environment configures it, after checking that it
   * answers.
   *
   * @param engine the kind of server
   * @return the server
   * @throws ServerUnavailableException if the server cannot be reached, saying how to provide one
   */
  public static DatabaseServer get(DatabaseEngine engine) {
    return SERVERS.computeIfAbsent(
        engine, e -> resolve(ServerSettings.fromEnvironment(e, System.getenv()), System.getenv()));
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
                  "local");
          case TESTCONTAINERS -> ContainerServers.start(settings.engine());
        };
    try (Connection connection = server.connect("");
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return server;
    } catch (SQLException e) {
      throw new ServerUnavailableException(unreachableMessage(settings, server, e, environment), e);
    }
  }

  static String unreachableMessage(
      ServerSettings settings,
      DatabaseServer server,
      SQLException cause,
      Map<String, String> environment) {
    DatabaseEngine engine = settings.engine();
    String reason = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    StringBuilder message =
        new StringBuilder()
            .append(engine.displayName())
            .append(" is not reachable: ")
            .append(server)
            .append(": ")
            .append(reason.lines().findFirst().orElse(reason))
            .append("\nIntegration tests need a real server and are never skipped. Either:")
            .append("\n  - start the local server: ")
            .append(engine.localStartCommand())
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
