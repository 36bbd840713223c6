package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.model.Flavor;
import org.junit.jupiter.api.Test;

/**
 * Comparing some tables only, as {@code mysqldiff db_a.users:db_b.users} does: {@code
 * onlyTables(regex)} selects tables (and views, which share their names' namespace) and their
 * triggers, and {@code compareTables} compares two tables whose names differ.
 */
class SelectedTablesTest {
  private static final String FROM =
      "CREATE DATABASE a DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; USE a;"
          + "CREATE TABLE users (id int PRIMARY KEY, name varchar(20));"
          + "CREATE TABLE orders (id int PRIMARY KEY);"
          + "CREATE TABLE logs (id int PRIMARY KEY);"
          + "CREATE VIEW users_view AS SELECT id FROM users;"
          + "CREATE VIEW log_view AS SELECT id FROM logs;"
          + "CREATE TRIGGER users_ins BEFORE INSERT ON users FOR EACH ROW SET NEW.id = 1;"
          + "CREATE TRIGGER logs_ins BEFORE INSERT ON logs FOR EACH ROW SET NEW.id = 1;"
          + "CREATE PROCEDURE p() SELECT 1;";
  private static final String TO =
      "CREATE DATABASE b DEFAULT CHARACTER SET latin1 COLLATE latin1_swedish_ci; USE b;"
          + "CREATE TABLE users (id int PRIMARY KEY, name varchar(40));"
          + "CREATE TABLE orders (id int PRIMARY KEY, total int);"
          + "CREATE TABLE logs (id int PRIMARY KEY, at datetime);"
          + "CREATE VIEW users_view AS SELECT id, name FROM users;"
          + "CREATE VIEW log_view AS SELECT id, at FROM logs;"
          + "CREATE TRIGGER users_ins BEFORE INSERT ON users FOR EACH ROW SET NEW.id = 2;"
          + "CREATE TRIGGER logs_ins BEFORE INSERT ON logs FOR EACH ROW SET NEW.id = 2;"
          + "CREATE PROCEDURE p() SELECT 2;";

  private static SchemaComparator.Builder comparator() {
    return SchemaComparator.builder().flavor(Flavor.MARIADB_10_11);
  }

  @Test
  void onlyTablesComparesTheSelectedTablesTheirViewsAndTheirTriggers() {
    SchemaDiff diff =
        comparator()
            .onlyTables("users.*|orders")
            .build()
            .compare(SchemaSource.ddl("a", FROM), SchemaSource.ddl("b", TO));

    assertThat(diff.changes())
        .extracting(c -> c.objectKind() + " " + c.objectName())
        .containsExactlyInAnyOrder(
            "TABLE users", "TABLE orders", "VIEW users_view", "TRIGGER users_ins");
  }

  @Test
  void anIgnoreRuleWinsOverAnIncludeRule() {
    SchemaDiff diff =
        comparator()
            .onlyTables("users|orders")
            .ignoreTables("orders")
            .onlyTables("logs")
            .build()
            .compare(SchemaSource.ddl("a", FROM), SchemaSource.ddl("b", TO));

    assertThat(diff.changes())
        .extracting(c -> c.objectKind() + " " + c.objectName())
        .containsExactlyInAnyOrder(
            "TABLE users", "TABLE logs", "TRIGGER users_ins", "TRIGGER logs_ins");
  }

  @Test
  void compareTablesComparesTwoTablesWhoseNamesDifferAndMigratesTheFromTable() {
    SchemaDiff diff =
        comparator()
            .build()
            .compareTables(
                SchemaSource.ddl("db_a", FROM),
                "users",
                SchemaSource.ddl(
                    "db_b",
                    "CREATE TABLE users_v2 (id int PRIMARY KEY, name varchar(20), email"
                        + " varchar(50), parent int, CONSTRAINT fk_parent FOREIGN KEY (parent)"
                        + " REFERENCES users_v2 (id));"
                        + "CREATE TRIGGER users_ins BEFORE INSERT ON users_v2 FOR EACH ROW SET"
                        + " NEW.id = 1;"
                        + "CREATE TABLE users (id int);"),
                "users_v2");

    assertThat(diff.changes()).extracting(Change::objectName).containsExactly("users");
    assertThat(diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements())
        .extracting(MigrationStatement::sql)
        .allSatisfy(sql -> assertThat(sql).startsWith("ALTER TABLE `users` "))
        .anySatisfy(sql -> assertThat(sql).contains("ADD COLUMN `email` varchar(50)"))
        .anySatisfy(
            sql ->
                assertThat(sql)
                    .contains(
                        "ADD CONSTRAINT `fk_parent` FOREIGN KEY (`parent`) REFERENCES"
                            + " `users` (`id`)"));
    assertThat(diff.summary()).isEqualTo("table: 1 changed");
    assertThat(diff.migrationSql()).startsWith("-- Migration from db_a.users to db_b.users_v2 for");
  }

  @Test
  void compareTablesNamesATableThatIsNotThere() {
    assertThatThrownBy(
            () ->
                comparator()
                    .build()
                    .compareTables(
                        SchemaSource.ddl("db_a", FROM),
                        "users",
                        SchemaSource.ddl("db_b", FROM),
                        "users_v2"))
        .isInstanceOf(SchemaReadException.class)
        .hasMessage("db_b has no table users_v2");
  }

  @Test
  void onlyTablesLeavesOutRoutinesAndTheSchemaDefaults() {
    SchemaDiff diff =
        comparator()
            .onlyTables("nothing")
            .build()
            .compare(SchemaSource.ddl("a", FROM), SchemaSource.ddl("b", TO));

    assertThat(diff.isEmpty()).as(diff.summary()).isTrue();
    assertThat(
            comparator()
                .build()
                .compare(SchemaSource.ddl("a", FROM), SchemaSource.ddl("b", TO))
                .changes())
        .extracting(Change::objectKind)
        .contains(ObjectKind.SCHEMA, ObjectKind.PROCEDURE);
  }
}
