package dev.opskit.redash.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.RedashBackupException;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The psql session used where no port is published (Docker): results, NULLs, errors, snapshots. */
class PsqlSqlSessionIT {

  private static PgEndpoint viaCommand(TestDatabase db) {
    // `env PGHOST=...` stands in for `docker exec -i container`: a prefix in front of psql.
    return new PgEndpoint(
        "localhost",
        5432,
        db.name(),
        db.user(),
        null,
        List.of("env", "PGHOST=127.0.0.1"),
        null,
        "");
  }

  @Test
  void aFailedStatementIsReportedAndTheSessionStaysUsable(@Postgres TestDatabase db) {
    try (SqlSession sql = SqlSession.open(viaCommand(db), db.name())) {
      assertThatThrownBy(() -> sql.execute("ALTER DATABASE no_such_database RENAME TO x"))
          .isInstanceOf(RedashBackupException.class)
          .hasMessageContaining("no_such_database")
          .hasMessageContaining("does not exist");

      assertThat(sql.query("SELECT 1, NULL, 'a|b'"))
          .containsExactly(java.util.Arrays.asList("1", null, "a|b"));
    }
  }

  @Test
  void aSecretStatementThatFailsNeverShowsItsText(@Postgres TestDatabase db) {
    try (SqlSession sql = SqlSession.open(viaCommand(db), db.name())) {
      assertThatThrownBy(
              () ->
                  sql.executeSecret("ALTER ROLE no_such_role PASSWORD 'hunter2'", "set a password"))
          .hasMessageContaining("refused to set a password")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void anExportedSnapshotSeesTheDataAsOfItsStart(@Postgres TestDatabase db) throws Exception {
    try (java.sql.Connection c = db.connect()) {
      c.createStatement().execute("CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2)");
    }
    try (SqlSession sql = SqlSession.open(viaCommand(db), db.name())) {
      String snapshot = sql.exportSnapshot();
      try (java.sql.Connection c = db.connect()) {
        c.createStatement().execute("INSERT INTO t VALUES (3)");
      }

      assertThat(snapshot).isNotBlank();
      assertThat(sql.queryValue("SELECT count(*) FROM t")).contains("2");
    }
  }
}
