package dev.opskit.testing.db;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts database servers in Docker with Testcontainers, once per JVM; Testcontainers removes them
 * when the JVM exits.
 */
final class ContainerServers {
  private static final String PASSWORD = "opskit";
  private static final ConcurrentMap<ServerKind, JdbcDatabaseContainer<?>> CONTAINERS =
      new ConcurrentHashMap<>();

  private ContainerServers() {}

  static DatabaseServer start(ServerKind kind) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new ServerUnavailableException(
          ServerSettings.PROVIDER_VARIABLE
              + "=testcontainers asks for "
              + kind.displayName()
              + " in Docker, but no Docker engine is reachable. Start Docker, or unset "
              + ServerSettings.PROVIDER_VARIABLE
              + " to use the local servers.",
          null);
    }
    JdbcDatabaseContainer<?> container = CONTAINERS.computeIfAbsent(kind, ContainerServers::run);
    DatabaseEngine engine = kind.engine();
    return new DatabaseServer(
        engine,
        container.getHost(),
        container.getMappedPort(engine.defaultPort()),
        engine.defaultUser(),
        PASSWORD,
        "Testcontainers " + kind.containerImage());
  }

  private static JdbcDatabaseContainer<?> run(ServerKind kind) {
    DockerImageName image = DockerImageName.parse(kind.containerImage());
    JdbcDatabaseContainer<?> container =
        switch (kind) {
          case MARIADB -> new MariaDBContainer(image).withUsername("root").withPassword(PASSWORD);
          case MYSQL_8_0, MYSQL_9_7 ->
              new MySQLContainer(image).withUsername("root").withPassword(PASSWORD);
          case POSTGRES ->
              new PostgreSQLContainer(image).withUsername("postgres").withPassword(PASSWORD);
        };
    container.start();
    return container;
  }
}
