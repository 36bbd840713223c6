package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

  @Test
  void roundTripsARowInAFreshDatabase(@Postgres TestDatabase db) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet current = statement.executeQuery("SELECT current_database()")) {
        current.next();
        assertThat(current.getString(1)).isEqualTo(db.name());
      }
      statement.execute("CREATE TABLE queries (id serial PRIMARY KEY, query text NOT NULL)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO queries (query) VALUES (?) RETURNING id")) {
        insert.setString(1, "SELECT 'ダッシュボード'");
        try (ResultSet id = insert.executeQuery()) {
          assertThat(id.next()).isTrue();
          assertThat(id.getInt(1)).isEqualTo(1);
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT query FROM queries")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("SELECT 'ダッシュボード'");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void closeDropsTheDatabaseEvenWithASessionLeftOpen() throws SQLException {
    TestDatabase db = TestDatabase.create(DatabaseEngine.POSTGRES, "drop check");
    try (Connection leftOpen = db.connect()) {
      assertThat(databaseExists(db)).isTrue();

      db.close();

      assertThat(databaseExists(db)).isFalse();
      assertThat(leftOpen.isValid(2)).isFalse();
    }
  }

  private static boolean databaseExists(TestDatabase db) throws SQLException {
    try (Connection connection = db.server().connect("");
        PreparedStatement query =
            connection.prepareStatement("SELECT COUNT(*) FROM pg_database WHERE datname = ?")) {
      query.setString(1, db.name());
      try (ResultSet count = query.executeQuery()) {
        count.next();
        return count.getInt(1) == 1;
      }
    }
  }
}
