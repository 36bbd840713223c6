package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every MariaDB/MySQL server of the machine answers, as the product the tests ask for. */
class ServerKindsIT {

  @ParameterizedTest
  @EnumSource(
      value = ServerKind.class,
      names = {"MARIADB", "MYSQL_8_0", "MYSQL_9_7"})
  void eachServerAnswersAsItsProduct(ServerKind kind) throws SQLException {
    Map<String, String> environment = environmentFor(kind);
    DatabaseServer server =
        DatabaseServers.resolve(
            ServerSettings.fromEnvironment(DatabaseEngine.MYSQL, environment), environment);

    try (Connection c = server.connect("");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      assertThat(kind.accepts(rs.getString(1))).as(rs.getString(1)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ServerKind.class,
      names = {"MYSQL_8_0", "MYSQL_9_7"})
  void aServerOfAnotherProductFailsTheRun(ServerKind kind) {
    DatabaseServer mariaDb =
        DatabaseServers.resolve(
            ServerSettings.fromEnvironment(
                DatabaseEngine.MYSQL, environmentFor(ServerKind.MARIADB)),
            environmentFor(ServerKind.MARIADB));
    Map<String, String> environment = environmentFor(kind);
    environment.put(kind.variablePrefix() + "_HOST", mariaDb.host());
    environment.put(kind.variablePrefix() + "_PORT", Integer.toString(mariaDb.port()));
    environment.put(kind.variablePrefix() + "_USER", mariaDb.user());
    environment.put(kind.variablePrefix() + "_PASSWORD", mariaDb.password());

    assertThatThrownBy(
            () ->
                DatabaseServers.resolve(
                    ServerSettings.fromEnvironment(DatabaseEngine.MYSQL, environment), environment))
        .isInstanceOf(ServerUnavailableException.class)
        .hasMessageContaining("MariaDB")
        .hasMessageContaining("expect " + kind.displayName())
        .hasMessageContaining(kind.variablePrefix() + "_PORT");
  }

  private static Map<String, String> environmentFor(ServerKind kind) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put(
        ServerKind.SELECTOR_VARIABLE,
        switch (kind) {
          case MARIADB -> "mariadb";
          case MYSQL_8_0 -> "mysql80";
          case MYSQL_9_7 -> "mysql97";
          case POSTGRES -> throw new IllegalArgumentException(kind.name());
        });
    return environment;
  }
}
