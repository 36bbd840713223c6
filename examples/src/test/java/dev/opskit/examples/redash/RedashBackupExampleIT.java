package dev.opskit.examples.redash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.redash.BackupStore;
import dev.opskit.redash.RedashDatabase;
import dev.opskit.redash.VerifyResult;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedashBackupExampleIT {

  @Test
  void theNightlyJobBacksUpPrunesAndDrillsARestore(@Postgres TestDatabase db, @TempDir Path store)
      throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
      s.execute("INSERT INTO alembic_version VALUES ('db0aca1ebd32')");
      s.execute("CREATE TABLE queries (id serial PRIMARY KEY, name text, api_key text)");
      s.execute(
          "INSERT INTO queries (name, api_key) SELECT 'q' || g, md5(g::text) FROM generate_series(1, 50) g");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    VerifyResult drill =
        RedashBackupExample.nightly(
            RedashDatabase.jdbc(db.jdbcUrl(), db.user(), null),
            BackupStore.directory(store),
            null,
            new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(drill.ok()).isTrue();
    assertThat(drill.rowCounts()).containsEntry("public.queries", 50L);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("alembic db0aca1ebd32")
        .contains("kept 1, deleted 0")
        .contains("restore drill: ok");
  }
}
