package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.MigrationOptions;
import dev.opskit.schemadiff.MigrationPlan;
import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's generated pair (changed columns, indexes, foreign keys, partitioned tables,
 * tables only on one side) migrates on the real server: after the plan is applied, the first
 * database equals the second. The benchmark harness applies the 2,000-table pair the same way (400
 * tables keep this test fast).
 */
class MigrationBenchmarkIT {

  @Test
  void migrationOfTheBenchmarkPairMakesTheFirstSchemaEqualTheSecond() throws Exception {
    List<TableSpec> a = BenchSchemaGenerator.generate(400, 42);
    SchemaDrift drift = SchemaDrift.apply(a, 42);
    try (TestDatabase dbA = TestDatabase.create(DatabaseEngine.MYSQL, "bench migrate a");
        TestDatabase dbB = TestDatabase.create(DatabaseEngine.MYSQL, "bench migrate b")) {
      try (Connection setup =
          DriverManager.getConnection(
              dbA.jdbcUrl() + "&allowMultiQueries=true", dbA.user(), dbA.password())) {
        BenchDatabases.createTables(setup, dbA.name(), a);
        BenchDatabases.createTables(setup, dbB.name(), drift.tables());
      }
      SchemaDiff diff =
          SchemaComparator.create()
              .compare(
                  SchemaSource.jdbc(dbA.dataSource(), dbA.name()),
                  SchemaSource.jdbc(dbB.dataSource(), dbB.name()));
      MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(true).build());

      SchemaDiff check = plan.applyTo(dbA.dataSource());

      assertThat(diff.changes()).hasSizeGreaterThan(20);
      assertThat(plan.unsafeChanges()).isNotEmpty();
      assertThat(check.isEmpty()).as("%s%n%s", check.unifiedDiff(), plan.sql()).isTrue();
    }
  }
}
