package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generated schemas are valid on the real server, and the comparator finds exactly the drift.
 */
class SchemaDiffBenchmarkIT {

  @Test
  void serverAcceptsTheGeneratedSchemasAndTheComparatorFindsExactlyTheDrift() throws Exception {
    List<TableSpec> a = BenchSchemaGenerator.generate(300, 42);
    SchemaDrift drift = SchemaDrift.apply(a, 42);
    try (TestDatabase dbA = TestDatabase.create(DatabaseEngine.MYSQL, "bench it a");
        TestDatabase dbB = TestDatabase.create(DatabaseEngine.MYSQL, "bench it b")) {
      assertThat(dbA.name()).matches(BenchDatabases.NAME);
      try (Connection setup =
          DriverManager.getConnection(
              dbA.jdbcUrl() + "&allowMultiQueries=true", dbA.user(), dbA.password())) {
        BenchDatabases.createTables(setup, dbA.name(), a);
        BenchDatabases.createTables(setup, dbB.name(), drift.tables());
      }

      SchemaDiff diff =
          SchemaComparator.create()
              .compare(
                  SchemaSource.jdbc(dbA.jdbcUrl(), dbA.user(), dbA.password()),
                  SchemaSource.jdbc(dbB.jdbcUrl(), dbB.user(), dbB.password()));

      assertThat(diff.from().tables()).hasSize(300);
      Map<ChangeType, List<String>> byType =
          diff.changes().stream()
              .collect(
                  Collectors.groupingBy(
                      Change::changeType,
                      Collectors.mapping(Change::objectName, Collectors.toList())));
      assertThat(byType.get(ChangeType.CHANGED))
          .as(diff.summary())
          .containsExactlyInAnyOrderElementsOf(drift.changed());
      assertThat(byType.get(ChangeType.REMOVED)).containsExactlyElementsOf(drift.removed());
      assertThat(byType.get(ChangeType.ADDED)).containsExactlyElementsOf(drift.added());
    }
  }

  @Test
  void serverFloorReplaysTheReadersQueriesAndReadsEveryTable() throws Exception {
    List<TableSpec> tables = BenchSchemaGenerator.generate(20, 1);
    try (TestDatabase db = TestDatabase.create(DatabaseEngine.MYSQL, "bench it floor");
        Connection connection =
            DriverManager.getConnection(
                db.jdbcUrl() + "&allowMultiQueries=true", db.user(), db.password())) {
      BenchDatabases.createTables(connection, db.name(), tables);

      ServerFloor floor = ServerFloor.record(connection, db.name());
      ServerFloor.SchemaTables names = ServerFloor.tables(connection, db.name());
      Map<String, Long> byQuery = new LinkedHashMap<>();
      long values = floor.run(connection, List.of(names), byQuery);

      assertThat(names.tables()).hasSize(20);
      assertThat(floor.queriesPerSchema()).isGreaterThanOrEqualTo(10);
      assertThat(byQuery)
          .containsKeys("TABLES", "COLUMNS", "STATISTICS", "SHOW CREATE TABLE (each table)");
      assertThat(values).isGreaterThan(20L * 2);
    }
  }
}
