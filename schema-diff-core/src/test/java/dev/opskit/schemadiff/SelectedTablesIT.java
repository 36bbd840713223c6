package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code onlyTables} and {@code compareTables} on live schemas: the plan changes the selected table
 * of the {@code from} database, under its own name, and leaves every other object alone.
 */
class SelectedTablesIT {
  private static final String FROM =
      "CREATE TABLE users (id int PRIMARY KEY, name varchar(20));"
          + "CREATE TABLE logs (id int PRIMARY KEY);"
          + "CREATE TRIGGER users_ins BEFORE INSERT ON users FOR EACH ROW SET NEW.name ="
          + " UPPER(NEW.name);";
  private static final String TO =
      "CREATE TABLE users_v2 (id int PRIMARY KEY, name varchar(40), email varchar(50),"
          + " KEY idx_email (email));"
          + "CREATE TABLE other (id int PRIMARY KEY);"
          + "CREATE TRIGGER users_ins BEFORE INSERT ON users_v2 FOR EACH ROW SET NEW.name ="
          + " LOWER(NEW.name);";

  @Test
  void compareTablesMigratesTheFromTableUnderItsOwnName() throws Exception {
    try (RoundTrip trip = RoundTrip.create("tables")) {
      trip.load(FROM, TO);
      SchemaComparator comparator =
          SchemaComparator.builder().flavor(ServerUnderTest.flavor()).build();
      SchemaSource from = SchemaSource.jdbc(trip.fromDb.dataSource(), trip.fromDb.name());
      SchemaSource to = SchemaSource.jdbc(trip.toDb.dataSource(), trip.toDb.name());
      SchemaDiff diff = comparator.compareTables(from, "users", to, "users_v2");

      SchemaDiff left =
          diff.migration(MigrationOptions.builder().allowUnsafe(true).build())
              .applyTo(trip.fromDb.dataSource());

      assertThat(diff.changes())
          .extracting(c -> c.objectKind() + " " + c.objectName())
          .containsExactlyInAnyOrder("TABLE users", "TRIGGER users_ins");
      assertThat(left.isEmpty()).as(left.unifiedDiff()).isTrue();
      assertThat(comparator.compareTables(from, "users", to, "users_v2").isEmpty()).isTrue();
      assertThat(tables(trip)).containsExactlyInAnyOrder("users", "logs");
    }
  }

  @Test
  void onlyTablesMigratesTheSelectedTablesAndLeavesTheOthers() throws Exception {
    try (RoundTrip trip = RoundTrip.create("only")) {
      trip.load(
          FROM,
          FROM.replace("name varchar(20)", "name varchar(40)")
              + "CREATE TABLE other (id int PRIMARY KEY);");
      SchemaDiff diff = trip.diff(b -> b.onlyTables("users|other").ignoreTables("other"));

      SchemaDiff left =
          diff.migration(MigrationOptions.builder().allowUnsafe(true).build())
              .applyTo(trip.fromDb.dataSource());

      assertThat(diff.changes())
          .extracting(c -> c.objectKind() + " " + c.objectName())
          .containsExactly("TABLE users");
      assertThat(left.isEmpty()).as(left.unifiedDiff()).isTrue();
      assertThat(tables(trip)).containsExactlyInAnyOrder("users", "logs");
    }
  }

  private static List<String> tables(RoundTrip trip) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = trip.fromDb.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW TABLES")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
