package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@link MigrationPlan#applyTo} against the real server: success, refusal, failure, repeat. */
class MigrationPlanIT {
  private static final String PARENT = "CREATE TABLE p (id int PRIMARY KEY, code varchar(10));\n";
  private static final String FROM =
      PARENT
          + "CREATE TABLE c (id int PRIMARY KEY, pid int, note varchar(10), old int,"
          + " CONSTRAINT fk FOREIGN KEY (pid) REFERENCES p (id));\n"
          + "CREATE VIEW v AS SELECT id FROM c;\n";
  private static final String TO =
      PARENT
          + "CREATE TABLE c (id int PRIMARY KEY, note varchar(20), pid bigint, extra int);\n"
          + "CREATE TABLE d (id int PRIMARY KEY, cid int, CONSTRAINT fk_d FOREIGN KEY (cid)"
          + " REFERENCES c (id));\n"
          + "CREATE VIEW v AS SELECT id, note FROM c;\n"
          + "CREATE VIEW w AS SELECT id FROM v;\n";

  @Test
  void appliesThePlanThenComparesEmptyAndApplyingAgainIsANoOp() throws Exception {
    try (RoundTrip trip = RoundTrip.create("apply")) {
      trip.load(FROM, TO);
      MigrationPlan plan =
          trip.diff().migration(MigrationOptions.builder().allowUnsafe(true).build());

      SchemaDiff check = plan.applyTo(trip.fromDb.dataSource());
      SchemaDiff again = plan.applyTo(trip.fromDb.dataSource());

      assertThat(check.isEmpty()).as(check.unifiedDiff()).isTrue();
      assertThat(again.isEmpty()).isTrue();
      assertThat(trip.diff().isEmpty()).isTrue();
    }
  }

  @Test
  void runningTheScriptTwiceFailsAtItsGuardWithoutChangingAnything() throws Exception {
    try (RoundTrip trip = RoundTrip.create("twice")) {
      trip.load(FROM, TO);
      String script = trip.diff().migrationSql();
      trip.applyScript(script);

      assertThatThrownBy(() -> trip.applyScript(script))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("already migrated: table d already exists")
          .hasMessageContaining("in statement: " + RoundTrip.split(script).get(1));
      assertThat(trip.diff().isEmpty()).isTrue();
    }
  }

  @Test
  void leavesUnsafeChangesOutAndReportsThemAsTheRemainingDiff() throws Exception {
    try (RoundTrip trip = RoundTrip.create("safe")) {
      trip.load(FROM, TO);
      MigrationPlan plan = trip.diff().migration(MigrationOptions.defaults());

      SchemaDiff check = plan.applyTo(trip.fromDb.dataSource());

      assertThat(plan.leftOut()).isNotEmpty();
      assertThat(check.changes())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.objectName()).isEqualTo("c");
                assertThat(c.differences())
                    .extracting(d -> d.name() + " " + d.changeType())
                    .contains("old " + ChangeType.REMOVED);
              });
    }
  }

  @Test
  void stopsAtTheFirstFailingStatementAndSaysWhatWasApplied() throws Exception {
    try (RoundTrip trip = RoundTrip.create("fail")) {
      trip.load(
          "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE t (id int PRIMARY KEY, code int);",
          "CREATE TABLE a (id int PRIMARY KEY, x int); CREATE TABLE t (id int PRIMARY KEY, code"
              + " int, UNIQUE KEY uk (code));");
      try (Connection c = trip.fromDb.connect();
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO t VALUES (1, 7), (2, 7)");
      }
      MigrationPlan plan = trip.diff().migration(MigrationOptions.defaults());

      assertThatThrownBy(() -> plan.applyTo(trip.fromDb.dataSource()))
          .isInstanceOfSatisfying(
              MigrationException.class,
              e -> {
                assertThat(e.failedStatement())
                    .map(MigrationStatement::sql)
                    .contains("ALTER TABLE `t` ADD UNIQUE KEY `uk` (`code`)");
                assertThat(e.serverError()).startsWith("(1062) Duplicate entry");
                assertThat(e.applied())
                    .extracting(MigrationStatement::sql)
                    .containsExactly(
                        "ALTER TABLE `a` ADD COLUMN `x` int NULL DEFAULT NULL AFTER `id`");
                assertThat(e)
                    .isInstanceOf(SchemaDiffException.class)
                    .hasMessageContaining("stopped at statement 2 of 2")
                    .hasMessageContaining("1 statements had been applied");
              });
    }
  }

  @Test
  void aMigrationStoppedByItsDataResumesWithWhatIsNotYetInEffect() throws Exception {
    try (RoundTrip trip = RoundTrip.create("resume")) {
      trip.load(
          "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE t (id int PRIMARY KEY, code int);"
              + " CREATE TABLE z (id int PRIMARY KEY);",
          "CREATE TABLE a (id int PRIMARY KEY, x int); CREATE TABLE t (id int PRIMARY KEY, code"
              + " int, UNIQUE KEY uk (code)); CREATE TABLE z (id int PRIMARY KEY, y int);");
      try (Connection c = trip.fromDb.connect();
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO t VALUES (1, 7), (2, 7)");
      }
      MigrationPlan plan = trip.diff().migration(MigrationOptions.defaults());
      MigrationException failure =
          catchThrowableOfType(
              () -> plan.applyTo(trip.fromDb.dataSource()), MigrationException.class);
      try (Connection c = trip.fromDb.connect();
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM t WHERE id = 2"); // the data that stopped the migration
      }

      SchemaDiff left = plan.applyTo(trip.fromDb.dataSource());

      assertThat(failure.applied())
          .extracting(MigrationStatement::sql)
          .containsExactly("ALTER TABLE `a` ADD COLUMN `x` int NULL DEFAULT NULL AFTER `id`");
      assertThat(failure.notApplied())
          .extracting(MigrationStatement::sql)
          .containsExactly(
              "ALTER TABLE `t` ADD UNIQUE KEY `uk` (`code`)",
              "ALTER TABLE `z` ADD COLUMN `y` int NULL DEFAULT NULL AFTER `id`");
      assertThat(failure)
          .hasMessageContaining("stopped at statement 2 of 3")
          .hasMessageContaining(
              "fix the cause, then call applyTo again: it runs only what is not yet in effect");
      assertThat(left.isEmpty()).as(left.unifiedDiff()).isTrue();
      assertThat(trip.diff().isEmpty()).isTrue();
    }
  }

  @Test
  void refusesADatabaseInNeitherStateWithoutRunningAnything() throws Exception {
    try (RoundTrip trip = RoundTrip.create("neither")) {
      trip.load(FROM, TO);
      MigrationPlan plan =
          trip.diff().migration(MigrationOptions.builder().allowUnsafe(true).build());
      try (Connection c = trip.fromDb.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE stray (id int)");
      }

      assertThatThrownBy(() -> plan.applyTo(trip.fromDb.dataSource()))
          .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.applied()).isEmpty())
          .hasMessageContaining("is in neither the from state")
          .hasMessageContaining("nothing was applied");
    }
  }

  @Test
  void createsAndDropsTablesWhoseForeignKeysFormACycle() throws Exception {
    String cycle =
        "CREATE TABLE a (id int PRIMARY KEY, bid int);"
            + " CREATE TABLE b (id int PRIMARY KEY, aid int, CONSTRAINT fb FOREIGN KEY (aid)"
            + " REFERENCES a (id));"
            + " ALTER TABLE a ADD CONSTRAINT fa FOREIGN KEY (bid) REFERENCES b (id);"
            + " CREATE TABLE c (id int PRIMARY KEY, cid int, CONSTRAINT fc FOREIGN KEY (cid)"
            + " REFERENCES c (id));";
    try (RoundTrip there = RoundTrip.create("cycle there");
        RoundTrip back = RoundTrip.create("cycle back")) {
      there.load("CREATE TABLE keep (id int);", "CREATE TABLE keep (id int); " + cycle);
      back.load("CREATE TABLE keep (id int); " + cycle, "CREATE TABLE keep (id int);");

      there.applyScript(there.diff().migrationSql());
      back.applyScript(back.diff().migrationSql());

      assertThat(there.diff().isEmpty()).as(there.diff().unifiedDiff()).isTrue();
      assertThat(back.diff().isEmpty()).as(back.diff().unifiedDiff()).isTrue();
    }
  }

  @Test
  void changesTheSchemaDefaultsAndConvertsATable() throws Exception {
    try (RoundTrip trip = RoundTrip.create("defaults")) {
      trip.load(
          "CREATE TABLE t (id int PRIMARY KEY, name varchar(20), body text);",
          "ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci;"
              + " CREATE TABLE t (id int PRIMARY KEY, name varchar(20), body text);");
      SchemaDiff diff = trip.diff();

      trip.applyScript(diff.migrationSql());

      assertThat(diff.migrationSql())
          .contains("ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci;")
          .contains("CONVERT TO CHARACTER SET latin1 COLLATE latin1_swedish_ci");
      assertThat(trip.diff().isEmpty()).as(trip.diff().unifiedDiff()).isTrue();
    }
  }

  @Test
  void reversePlanTakesTheDatabaseBack() throws Exception {
    try (RoundTrip trip = RoundTrip.create("reverse")) {
      trip.load(FROM, TO);
      SchemaDiff diff = trip.diff();
      MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(true).build());
      plan.applyTo(trip.fromDb.dataSource());

      trip.applyScript(plan.reverse().sql());

      SchemaDiff back =
          SchemaComparator.create()
              .compare(
                  SchemaSource.jdbc(trip.fromDb.dataSource(), trip.fromDb.name()),
                  SchemaSource.of(diff.from()));
      assertThat(back.isEmpty()).as(back.unifiedDiff()).isTrue();
    }
  }
}
