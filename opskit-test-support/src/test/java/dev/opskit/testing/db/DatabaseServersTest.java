package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseServersTest {

  @Test
  void missingServerFailsWithTheVariablesAndTheStartCommand() throws IOException {
    int closedPort = closedLoopbackPort();
    Map<String, String> environment = Map.of("OPSKIT_MYSQL_PORT", Integer.toString(closedPort));
    ServerSettings settings = ServerSettings.fromEnvironment(DatabaseEngine.MYSQL, environment);

    assertThatThrownBy(() -> DatabaseServers.resolve(settings, environment))
        .isInstanceOf(ServerUnavailableException.class)
        .hasMessageContaining("MariaDB is not reachable")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining(
            "OPSKIT_MYSQL_HOST, OPSKIT_MYSQL_PORT, OPSKIT_MYSQL_USER, OPSKIT_MYSQL_PASSWORD")
        .hasMessageContaining(
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd")
        .hasMessageContaining("OPSKIT_TEST_SERVERS=testcontainers")
        .hasMessageNotContaining("CI=true");
  }

  @Test
  void missingServerInCiFailsToo() throws IOException {
    int closedPort = closedLoopbackPort();
    Map<String, String> environment =
        Map.of("OPSKIT_POSTGRES_PORT", Integer.toString(closedPort), "CI", "true");
    ServerSettings settings = ServerSettings.fromEnvironment(DatabaseEngine.POSTGRES, environment);

    assertThatThrownBy(() -> DatabaseServers.resolve(settings, environment))
        .isInstanceOf(ServerUnavailableException.class)
        .hasMessageContaining("PostgreSQL is not reachable")
        .hasMessageContaining("pg_ctlcluster --skip-systemctl-redirect")
        .hasMessageContaining("OPSKIT_POSTGRES_PORT")
        .hasMessageContaining("CI=true");
  }

  /** A loopback port that nothing listens on: bound once to pick it, then released. */
  private static int closedLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
