package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.source.Scripts;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every fixture: the model read live from the server equals the model parsed from that schema's
 * {@code mysqldump --no-data} output, which equals the model parsed from the fixture's own DDL. And
 * the dump committed for the server under test ({@code dumps/mariadb-10.11.sql}, {@code
 * dumps/mysql-8.0.31.sql}, {@code dumps/mysql-9.7.4.sql}) reads as the live schema its DDL makes.
 */
class SourceEquivalenceIT {
  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> liveDumpAndDdlGiveTheSameModel() throws IOException, URISyntaxException {
    Path fixtures = Path.of(getClass().getResource("/fixtures").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixtures)) {
      for (Path fixture : files.sorted().toList()) {
        tests.add(DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> check(fixture)));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(5);
    return tests.stream();
  }

  private void check(Path fixture) throws Exception {
    try (TestDatabase db =
        TestDatabase.create(DatabaseEngine.MYSQL, fixture.getFileName().toString())) {
      String ddl = Files.readString(fixture, StandardCharsets.UTF_8);
      try (Connection connection = db.connect()) {
        Scripts.execute(connection, ddl);
      }
      Path dump = Files.writeString(temp.resolve(db.name() + ".sql"), ServerClients.dump(db));

      SchemaSource live = SchemaSource.jdbc(db.dataSource(), db.name());
      assertSameModel(live, SchemaSource.dumpFile(dump), SchemaSource.ddl(ddl));
    }
  }

  /**
   * The dump of the server under test committed under {@code dumps/} (made with mysqldump 9.7.4
   * from MySQL, mariadb-dump from MariaDB) reads as the live schema that its DDL makes.
   */
  @Test
  void theCommittedDumpOfThisServerReadsAsTheLiveSchema(@MySql TestDatabase db) throws Exception {
    Flavor flavor = ServerUnderTest.flavor();
    String ddlFile;
    String dumpFile;
    String dumpDefiner;
    if (flavor.isMariaDb()) {
      ddlFile = "mariadb-10.11-fixture.sql";
      dumpFile = "mariadb-10.11.sql";
      dumpDefiner = "`root`@`127.0.0.1`";
    } else {
      ddlFile = "mysql-fixture.sql";
      dumpFile = flavor.major() == 8 ? "mysql-8.0.31.sql" : "mysql-9.7.4.sql";
      dumpDefiner = "`root`@`localhost`";
    }
    String definer;
    try (Connection connection = db.connect()) {
      definer = ServerClients.definer(connection);
      Scripts.execute(connection, resource(ddlFile).replace(dumpDefiner, definer));
    }
    Path dump =
        Files.writeString(temp.resolve(dumpFile), resource(dumpFile).replace(dumpDefiner, definer));

    SchemaSource live = SchemaSource.jdbc(db.dataSource(), db.name());
    assertSameModel(
        live,
        SchemaSource.dumpFile(dump),
        SchemaSource.ddl(resource(ddlFile).replace(dumpDefiner, definer)));
    assertThat(live.load(flavor).tables()).hasSizeGreaterThanOrEqualTo(4);
  }

  private static void assertSameModel(
      SchemaSource live, SchemaSource fromDump, SchemaSource fromDdl) {
    Flavor flavor = live.flavor().orElseThrow();
    SchemaComparator strict =
        SchemaComparator.builder()
            .flavor(flavor)
            .compareTableOption(TableOption.AUTO_INCREMENT)
            .build();

    SchemaDiff liveVsDump = strict.compare(live, fromDump);
    SchemaDiff liveVsDdl = strict.compare(live, fromDdl);

    assertThat(liveVsDump.isEmpty()).as("live vs dump:%n%s", liveVsDump.unifiedDiff()).isTrue();
    assertThat(liveVsDdl.isEmpty()).as("live vs DDL:%n%s", liveVsDdl.unifiedDiff()).isTrue();
    Schema liveModel = live.load(flavor);
    assertThat(fromDump.load(flavor).tables()).isEqualTo(liveModel.tables());
    assertThat(fromDdl.load(flavor).tables()).isEqualTo(liveModel.tables());
    // The live read's self-check (each table against its SHOW CREATE TABLE) found nothing.
    assertThat(liveModel.unmodeled()).isEqualTo(fromDump.load(flavor).unmodeled());
    assertThat(liveModel.unmodeled()).noneMatch(u -> u.attribute().equals("SHOW CREATE TABLE"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SourceEquivalenceIT.class.getResourceAsStream("/dumps/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
