package dev.opskit.testing.db;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts database servers in Docker with Testcontainers, once per JVM; Testcontainers removes them
 * when the JVM exits.
 */
final class ContainerServers {
  private static final String PASSWORD = "opskit";
  private static final ConcurrentMap<DatabaseEngine, JdbcDatabaseContainer<?>> CONTAINERS =
      new ConcurrentHashMap<>();

  private ContainerServers() {}

  static DatabaseServer start(DatabaseEngine engine) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new ServerUnavailableException(
          ServerSettings.PROVIDER_VARIABLE
              + "=testcontainers asks for "
              + engine.displayName()
              + " in Docker, but no Docker engine is reachable. Start Docker, or unset "
              + ServerSettings.PROVIDER_VARIABLE
              + " to use the local servers.",
          null);
    }
    JdbcDatabaseContainer<?> container = CONTAINERS.computeIfAbsent(engine, ContainerServers::run);
    return new DatabaseServer(
        engine,
        container.getHost(),
        container.getMappedPort(engine.defaultPort()),
        engine.defaultUser(),
        PASSWORD,
        "Testcontainers " + engine.containerImage());
  }

  private static JdbcDatabaseContainer<?> run(DatabaseEngine engine) {
    DockerImageName image = DockerImageName.parse(engine.containerImage());
    JdbcDatabaseContainer<?> container =
        switch (engine) {
          case MYSQL -> new MySQLContainer(image).withUsername("root").withPassword(PASSWORD);
          case POSTGRES ->
              new PostgreSQLContainer(image).withUsername("postgres").withPassword(PASSWORD);
        };
    container.start();
    return container;
  }
}
