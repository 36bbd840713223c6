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
                DatabaseEngine.MYSQL,
                ServerSettings.Provider.LOCAL,
                "127.0.0.1",
                3306,
                "root",
                ""));
    assertThat(postgres)
        .isEqualTo(
            new ServerSettings(
                DatabaseEngine.POSTGRES,
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
}
