package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.model.Flavor;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JDBC URL whose driver is missing fails with a message that names the artifact to add, not with
 * the driver manager's "No suitable driver". A missing driver is simulated by deregistering it for
 * the length of the test (no server is contacted: the check runs before any connection).
 */
class JdbcDriverTest {

  @Test
  void aMariaDbUrlWithoutMariaDbConnectorNamesTheArtifact() throws SQLException {
    String url = "jdbc:mariadb://127.0.0.1:1/some_schema?password=secret";
    withoutDriver(
        url,
        () ->
            assertThatThrownBy(() -> SchemaSource.jdbc(url, "root", "").load(Flavor.MARIADB_10_11))
                .isInstanceOf(SchemaReadException.class)
                .hasMessageContaining("org.mariadb.jdbc:mariadb-java-client")
                .hasMessageContaining("jdbc:mariadb://127.0.0.1:1/some_schema?password=***")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("No suitable driver"));
  }

  @Test
  void aMySqlUrlWithoutConnectorJNamesTheArtifact() throws SQLException {
    String url = "jdbc:mysql://127.0.0.1:1/some_schema";
    withoutDriver(
        url,
        () ->
            assertThatThrownBy(() -> SchemaSource.jdbc(url, "root", "").flavor())
                .isInstanceOf(SchemaReadException.class)
                .hasMessageContaining("com.mysql:mysql-connector-j")
                .hasMessageNotContaining("No suitable driver"));
  }

  @Test
  void anUnknownSchemeNamesBothDrivers() {
    assertThatThrownBy(
            () ->
                SchemaSource.jdbc("jdbc:nosuchdb://127.0.0.1:1/s", "root", "")
                    .load(Flavor.MARIADB_10_11))
        .isInstanceOf(SchemaReadException.class)
        .hasMessageContaining("com.mysql:mysql-connector-j")
        .hasMessageContaining("org.mariadb.jdbc:mariadb-java-client");
  }

  @Test
  void mapsSchemesToArtifacts() {
    assertThat(JdbcSchemaSource.driverArtifact("jdbc:mariadb://h/s"))
        .isEqualTo("org.mariadb.jdbc:mariadb-java-client");
    assertThat(JdbcSchemaSource.driverArtifact("JDBC:MariaDB:replication://h,h2/s"))
        .isEqualTo("org.mariadb.jdbc:mariadb-java-client");
    assertThat(JdbcSchemaSource.driverArtifact("jdbc:mysql://h/s"))
        .isEqualTo("com.mysql:mysql-connector-j");
    assertThat(JdbcSchemaSource.driverArtifact("jdbc:mysql:loadbalance://h/s"))
        .isEqualTo("com.mysql:mysql-connector-j");
    assertThat(JdbcSchemaSource.driverArtifact("jdbc:postgresql://h/s")).isNull();
  }

  @Test
  void bothDriversAreOnTheTestClassPath() throws SQLException {
    assertThat(DriverManager.getDriver("jdbc:mariadb://h/s").getClass().getName())
        .isEqualTo("org.mariadb.jdbc.Driver");
    assertThat(DriverManager.getDriver("jdbc:mysql://h/s").getClass().getName())
        .isEqualTo("com.mysql.cj.jdbc.Driver");
  }

  /**
   * Runs a check with every driver that accepts the URL deregistered, then registers them again.
   */
  private static void withoutDriver(String url, Runnable check) throws SQLException {
    List<Driver> removed = new ArrayList<>();
    try {
      while (true) {
        Driver driver;
        try {
          driver = DriverManager.getDriver(url);
        } catch (SQLException none) {
          break;
        }
        DriverManager.deregisterDriver(driver);
        removed.add(driver);
      }
      assertThat(removed).as("a driver for %s was registered", url).isNotEmpty();
      check.run();
    } finally {
      for (Driver driver : removed) {
        DriverManager.registerDriver(driver);
      }
    }
  }
}
