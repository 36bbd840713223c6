package dev.opskit.schemadiff.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.schemadiff.ServerClients;
import dev.opskit.schemadiff.ServerUnderTest;
import dev.opskit.schemadiff.TableOption;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.testing.db.DatabaseServer;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The same database read through MySQL Connector/J ({@code jdbc:mysql://}, {@link MysqlDataSource})
 * and through MariaDB Connector/J ({@code jdbc:mariadb://}, {@link MariaDbDataSource}) gives the
 * same model, and the comparison of the two is empty, on whichever server the tests run against
 * (MariaDB by default, MySQL with {@code OPSKIT_MYSQL_PORT}).
 */
class DriverEquivalenceIT {

  /** The DDL of {@link ServerFixtures}: types, keys, options, partitions, views, routines... */
  @ParameterizedTest
  @MethodSource("dev.opskit.schemadiff.internal.source.ServerFixtures#fixtures")
  void serverFixturesReadTheSameThroughBothDrivers(
      String mariaDbDdl, String mySqlDdl, @MySql TestDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      String ddl =
          (ServerUnderTest.isMariaDb() ? mariaDbDdl : mySqlDdl)
              .replace("${definer}", ServerClients.definer(connection));
      ServerNormalizationIT.execute(connection, ddl);
    }
    assertSameThroughBothDrivers(db);
  }

  /** The files of {@code src/test/resources/fixtures}, as SourceEquivalenceIT loads them. */
  @ParameterizedTest
  @MethodSource("fixtureFiles")
  void fixtureFilesReadTheSameThroughBothDrivers(Path fixture, @MySql TestDatabase db)
      throws SQLException, IOException {
    try (Connection connection = db.connect()) {
      ServerNormalizationIT.execute(connection, Files.readString(fixture, StandardCharsets.UTF_8));
    }
    assertSameThroughBothDrivers(db);
  }

  /**
   * Values drivers are known to decode differently: TINYINT(1) and BIT defaults ({@code
   * tinyInt1isBit}, {@code transformedBitIsBoolean}), zero dates ({@code zeroDateTimeBehavior}),
   * unsigned BIGINT counters, binary defaults, DATETIME event schedules, non-ASCII comments.
   */
  @Test
  void driverSensitiveValuesReadTheSame(@MySql TestDatabase db) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = ''");
      statement.execute(
          """
          CREATE TABLE flags (
            id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
            t1 TINYINT(1) NOT NULL DEFAULT 1,
            t0 TINYINT(1) DEFAULT 0,
            b1 BIT(1) NOT NULL DEFAULT b'1',
            b8 BIT(8) DEFAULT b'101',
            bo BOOLEAN DEFAULT TRUE,
            d0 DATE NOT NULL DEFAULT '0000-00-00',
            dt0 DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
            ts0 TIMESTAMP NOT NULL DEFAULT '0000-00-00 00:00:00',
            y YEAR DEFAULT 2000,
            bin VARBINARY(4) DEFAULT 'ab',
            dec0 DECIMAL(20,6) UNSIGNED DEFAULT '12345678901234.000001',
            f FLOAT DEFAULT 1.5e10,
            e ENUM('ä','ö','✓') DEFAULT '✓' COMMENT 'Größe 📏',
            KEY t1_b1 (t1, b1)
          ) AUTO_INCREMENT=5000000000 COMMENT='Übersicht ✓'""");
      statement.execute(
          "CREATE EVENT tick ON SCHEDULE EVERY 90 MINUTE STARTS '2031-02-03 04:05:06'"
              + " ENDS '2032-02-03 04:05:06' DISABLE DO DELETE FROM flags");
      statement.execute(
          "CREATE EVENT once ON SCHEDULE AT '2031-12-31 23:59:59' ON COMPLETION PRESERVE DISABLE"
              + " DO DELETE FROM flags");
    }
    Schema schema = assertSameThroughBothDrivers(db);
    assertThat(schema.tables()).hasSize(1);
    assertThat(schema.events()).hasSize(2);
  }

  static Stream<Path> fixtureFiles() throws IOException, URISyntaxException {
    Path fixtures = Path.of(DriverEquivalenceIT.class.getResource("/fixtures").toURI());
    try (Stream<Path> files = Files.list(fixtures)) {
      return files.sorted().toList().stream();
    }
  }

  /** Reads the database through four sources and returns the model they agree on. */
  private static Schema assertSameThroughBothDrivers(TestDatabase db) throws SQLException {
    DatabaseServer server = db.server();
    String hostPort = server.host() + ":" + server.port();
    // MySQL 8's caching_sha2_password needs the server's RSA key over plain TCP when the password
    // is not empty; both drivers take the same option.
    String options = "?allowPublicKeyRetrieval=true";
    String mysqlUrl = "jdbc:mysql://" + hostPort + "/" + db.name() + options;
    String mariaDbUrl = "jdbc:mariadb://" + hostPort + "/" + db.name() + options;

    MysqlDataSource mysqlDataSource = new MysqlDataSource();
    mysqlDataSource.setURL(mysqlUrl);
    mysqlDataSource.setUser(db.user());
    mysqlDataSource.setPassword(db.password());
    MariaDbDataSource mariaDbDataSource = new MariaDbDataSource(mariaDbUrl);
    mariaDbDataSource.setUser(db.user());
    mariaDbDataSource.setPassword(db.password());

    Map<String, SchemaSource> sources = new LinkedHashMap<>();
    sources.put("jdbc:mysql URL", SchemaSource.jdbc(mysqlUrl, db.user(), db.password()));
    sources.put("jdbc:mariadb URL", SchemaSource.jdbc(mariaDbUrl, db.user(), db.password()));
    sources.put("MysqlDataSource", SchemaSource.jdbc(mysqlDataSource, db.name()));
    sources.put("MariaDbDataSource", SchemaSource.jdbc(mariaDbDataSource, db.name()));

    SchemaSource reference = sources.get("jdbc:mysql URL");
    Flavor flavor = reference.flavor().orElseThrow();
    Schema expected = reference.load(flavor);
    SchemaComparator.Builder builder =
        SchemaComparator.builder().flavor(flavor).compareTableOption(TableOption.AUTO_INCREMENT);
    SchemaComparator strict = builder.build();
    sources.forEach(
        (name, source) -> {
          assertThat(source.flavor()).as(name).contains(flavor);
          Schema actual = source.load(flavor);
          assertThat(actual).as(name).isEqualTo(expected);
          SchemaDiff diff = strict.compare(reference, source);
          assertThat(diff.isEmpty())
              .as("%s against jdbc:mysql:%n%s", name, diff.unifiedDiff())
              .isTrue();
        });
    assertThat(expected.tables().size() + expected.views().size() + expected.routines().size())
        .isPositive();
    return expected;
  }
}
