package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code plan.sql()} run by the real {@code mysql} client, with a table name that holds a line
 * break and a hidden {@code DROP TABLE}: the client creates the table under that name and drops
 * nothing; a second run stops at the guard. The schema is built in code: the parser and the live
 * reader refuse such names.
 */
class ScriptThroughClientIT {
  private static final String HOSTILE = "new\nDROP TABLE victim;\n-- x";

  @Test
  void aNameWithALineBreakRunsNothingHiddenInIt(@MySql TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE victim (id int)");
    }
    SchemaComparator comparator =
        SchemaComparator.builder().flavor(ServerUnderTest.flavor()).build();
    String script =
        comparator
            .compare(
                SchemaSource.jdbc(db.dataSource(), db.name()),
                SchemaSource.of(
                    ScriptCommentsTest.withTableNamed(HOSTILE, ServerUnderTest.flavor())))
            .migrationSql();

    ServerClients.ClientRun first = ServerClients.runClient(db, script);
    assertThat(first.exitCode()).as("%s%n%s", script, first.output()).isZero();
    assertThat(tables(db)).containsExactlyInAnyOrder("victim", HOSTILE);
    assertThat(ServerClients.runClient(db, script).exitCode())
        .as("the guard stops a second run")
        .isNotZero();
    assertThat(tables(db)).containsExactlyInAnyOrder("victim", HOSTILE);
  }

  @Test
  void aSecondRunStopsSayingTheDatabaseIsAlreadyMigrated(@MySql TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, a int, KEY ka (a))");
      s.execute("CREATE TABLE u (id int PRIMARY KEY, b int, KEY kb (b))");
    }
    SchemaComparator comparator =
        SchemaComparator.builder().flavor(ServerUnderTest.flavor()).build();
    // Two indexes named alike on two tables: a guard over STATISTICS sees two rows.
    String script =
        comparator
            .compare(
                SchemaSource.jdbc(db.dataSource(), db.name()),
                SchemaSource.ddl(
                    "CREATE TABLE t (id int PRIMARY KEY, a int, KEY ka (a), KEY k2 (id, a));"
                        + "CREATE TABLE u (id int PRIMARY KEY, b int, KEY kb (b), KEY k2 (id, b));"))
            .migrationSql();

    ServerClients.ClientRun first = ServerClients.runClient(db, script);
    ServerClients.ClientRun second = ServerClients.runClient(db, script);

    assertThat(first.exitCode()).as("%s%n%s", script, first.output()).isZero();
    assertThat(second.exitCode()).isNotZero();
    assertThat(second.output())
        .as(script)
        .contains("already migrated: index k2 on t already exists")
        .doesNotContain("1242");
  }

  @Test
  void aSecondRunOfAPartitionRotationStopsSayingItIsAlreadyMigrated(@MySql TestDatabase db)
      throws Exception {
    String partitioned = "CREATE TABLE t (d int NOT NULL) PARTITION BY RANGE (d) (";
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          partitioned
              + "PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20),"
              + " PARTITION p3 VALUES LESS THAN (30))");
      s.execute("INSERT INTO t VALUES (15), (25)");
    }
    // The oldest partition goes and a new one arrives: the count stays 3.
    String script =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .build()
            .compare(
                SchemaSource.jdbc(db.dataSource(), db.name()),
                SchemaSource.ddl(
                    partitioned
                        + "PARTITION p2 VALUES LESS THAN (20), PARTITION p3 VALUES LESS THAN (30),"
                        + " PARTITION p4 VALUES LESS THAN (40));"))
            .migrationSql();

    ServerClients.ClientRun first = ServerClients.runClient(db, script);
    ServerClients.ClientRun second = ServerClients.runClient(db, script);

    assertThat(first.exitCode()).as("%s%n%s", script, first.output()).isZero();
    assertThat(second.exitCode()).isNotZero();
    assertThat(second.output())
        .as(script)
        .contains("already migrated: partition p4 of table t already exists");
  }

  @Test
  void theGuardNamesAForeignKeyAsTheServerDoesWhenTheComparisonIgnoresItsName(
      @MySql TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE p (id int PRIMARY KEY)");
      s.execute(
          "CREATE TABLE c (pid int, KEY k (pid), CONSTRAINT fk_old FOREIGN KEY (pid) REFERENCES p"
              + " (id))");
    }
    SchemaComparator comparator =
        SchemaComparator.builder().flavor(ServerUnderTest.flavor()).ignoreForeignKeyNames().build();
    String script =
        comparator
            .compare(
                SchemaSource.jdbc(db.dataSource(), db.name()),
                SchemaSource.ddl(
                    "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (pid int, KEY k (pid));"))
            .migrationSql();

    ServerClients.ClientRun first = ServerClients.runClient(db, script);
    ServerClients.ClientRun second = ServerClients.runClient(db, script);

    assertThat(first.exitCode()).as("%s%n%s", script, first.output()).isZero();
    assertThat(second.exitCode()).isNotZero();
    assertThat(second.output())
        .contains("already migrated: constraint fk_old on c is already gone");
  }

  private static List<String> tables(TestDatabase db) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW TABLES")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
