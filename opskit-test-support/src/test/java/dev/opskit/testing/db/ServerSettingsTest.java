package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  @Test
  void defaultsToTheLocalServersOfAFreshMachine() {
    ServerSettings mysql = ServerSettings.fromEnvironment(DatabaseEngine.MYSQL, Map.of());
    ServerSettings postgres = ServerSettings.fromEnvironment(DatabaseEngine.POSTGRES, Map.of());

    assertThat(mysql)
        .isEqualTo(
            new ServerSettings(
                ServerKind.MARIADB, ServerSettings.Provider.LOCAL, "127.0.0.1", 3306, "root", ""));
    assertThat(postgres)
        .isEqualTo(
            new ServerSettings(
                ServerKind.POSTGRES,
                ServerSettings.Provider.LOCAL,
                "127.0.0.1",
                5432,
                "postgres",
                ""));
  }

  @Test
  void readsEachSettingFromItsOwnVariable() {
    ServerSettings settings =
        ServerSettings.fromEnvironment(
            DatabaseEngine.POSTGRES,
            Map.of(
                "OPSKIT_POSTGRES_HOST", "db.internal",
                "OPSKIT_POSTGRES_PORT", "15432",
                "OPSKIT_POSTGRES_USER", "ci",
                "OPSKIT_POSTGRES_PASSWORD", "s3cret",
                "OPSKIT_MYSQL_PORT", "1",
                "OPSKIT_TEST_SERVERS", "Testcontainers"));

    assertThat(settings.host()).isEqualTo("db.internal");
    assertThat(settings.port()).isEqualTo(15432);
    assertThat(settings.user()).isEqualTo("ci");
    assertThat(settings.password()).isEqualTo("s3cret");
    assertThat(settings.provider()).isEqualTo(ServerSettings.Provider.TESTCONTAINERS);
  }

  @Test
  void rejectsABadPortNamingTheVariable() {
    assertThatThrownBy(
            () ->
                ServerSettings.fromEnvironment(
                    DatabaseEngine.MYSQL, Map.of("OPSKIT_MYSQL_PORT", "33o6")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OPSKIT_MYSQL_PORT must be a port number, was '33o6'");
    assertThatThrownBy(
            () ->
                ServerSettings.fromEnvironment(
                    DatabaseEngine.MYSQL, Map.of("OPSKIT_MYSQL_PORT", "70000")))
        .hasMessage("OPSKIT_MYSQL_PORT must be between 1 and 65535, was 70000");
  }

  @Test
  void rejectsAnUnknownProviderNamingTheVariable() {
    assertThatThrownBy(
            () ->
                ServerSettings.fromEnvironment(
                    DatabaseEngine.MYSQL, Map.of("OPSKIT_TEST_SERVERS", "docker")))
        .hasMessage("OPSKIT_TEST_SERVERS must be 'local' or 'testcontainers', was 'docker'");
  }

  @Test
  void neverPrintsThePassword() {
    ServerSettings settings =
        ServerSettings.fromEnvironment(
            DatabaseEngine.MYSQL, Map.of("OPSKIT_MYSQL_PASSWORD", "hunter2"));

    assertThat(settings.toString()).doesNotContain("hunter2").contains("password=(hidden)");
    assertThat(new DatabaseServer(DatabaseEngine.MYSQL, "h", 1, "u", "hunter2", "local").toString())
        .doesNotContain("hunter2");
  }

  @Test
  void choosesTheMySqlServerOfTheRunWithItsOwnVariables() {
    ServerSettings mysql80 =
        ServerSettings.fromEnvironment(
            DatabaseEngine.MYSQL,
            Map.of("OPSKIT_MYSQL_SERVER", "mysql80", "OPSKIT_MYSQL_PORT", "1"));
    ServerSettings mysql97 =
        ServerSettings.fromEnvironment(
            DatabaseEngine.MYSQL,
            Map.of("OPSKIT_MYSQL_SERVER", " MySQL97 ", "OPSKIT_MYSQL97_PORT", "13308"));

    assertThat(mysql80.kind()).isEqualTo(ServerKind.MYSQL_8_0);
    assertThat(mysql80.port()).isEqualTo(3307);
    assertThat(mysql80.engine()).isEqualTo(DatabaseEngine.MYSQL);
    assertThat(mysql80.variableNames()).startsWith("OPSKIT_MYSQL80_HOST, OPSKIT_MYSQL80_PORT");
    assertThat(mysql97.kind()).isEqualTo(ServerKind.MYSQL_9_7);
    assertThat(mysql97.port()).isEqualTo(13308);
    assertThat(
            ServerSettings.fromEnvironment(
                    DatabaseEngine.POSTGRES, Map.of("OPSKIT_MYSQL_SERVER", "mysql80"))
                .kind())
        .isEqualTo(ServerKind.POSTGRES);
    assertThatThrownBy(
            () ->
                ServerSettings.fromEnvironment(
                    DatabaseEngine.MYSQL, Map.of("OPSKIT_MYSQL_SERVER", "mysql84")))
        .hasMessage("OPSKIT_MYSQL_SERVER must be mariadb, mysql80 or mysql97, was 'mysql84'");
  }

  @Test
  void acceptsOnlyTheVersionsOfItsOwnProduct() {
    assertThat(ServerKind.MARIADB.accepts("10.11.19-MariaDB-0+deb12u1")).isTrue();
    assertThat(ServerKind.MARIADB.accepts("8.0.31")).isFalse();
    assertThat(ServerKind.MYSQL_8_0.accepts("8.0.31")).isTrue();
    assertThat(ServerKind.MYSQL_8_0.accepts("9.7.4-2")).isFalse();
    assertThat(ServerKind.MYSQL_9_7.accepts("9.7.4-2")).isTrue();
    assertThat(ServerKind.MYSQL_9_7.accepts("10.11.19-MariaDB")).isFalse();
  }
}
