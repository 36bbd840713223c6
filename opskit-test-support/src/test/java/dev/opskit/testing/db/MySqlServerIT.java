package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MySqlServerIT {

  @Test
  void roundTripsARowInAFreshDatabase(@MySql TestDatabase db) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(connection.getCatalog()).isEqualTo(db.name());
      try (ResultSet tables = statement.executeQuery("SHOW TABLES")) {
        assertThat(tables.next()).as("a fresh database is empty").isFalse();
      }
      statement.execute(
          "CREATE TABLE service (id INT PRIMARY KEY, name VARCHAR(64) CHARACTER SET utf8mb4)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO service VALUES (?, ?)")) {
        insert.setInt(1, 7);
        insert.setString(2, "sample-webapp ✓");
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      try (ResultSet rows = statement.executeQuery("SELECT id, name FROM service")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(7);
        assertThat(rows.getString(2)).isEqualTo("sample-webapp ✓");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void closeDropsTheDatabase() throws SQLException {
    TestDatabase db = TestDatabase.create(DatabaseEngine.MYSQL, "drop check");
    assertThat(databaseExists(db)).isTrue();

    db.close();
    db.close();

    assertThat(databaseExists(db)).isFalse();
  }

  @Test
  void eachParameterGetsItsOwnDatabase(@MySql TestDatabase first, @MySql TestDatabase second) {
    assertThat(first.name())
        .isNotEqualTo(second.name())
        .startsWith(DatabaseNames.thisJvmPrefix() + "mysqlserverit_");
  }

  private static boolean databaseExists(TestDatabase db) throws SQLException {
    try (Connection connection = db.server().connect("");
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      query.setString(1, db.name());
      try (ResultSet count = query.executeQuery()) {
        count.next();
        return count.getInt(1) == 1;
      }
    }
  }
}
