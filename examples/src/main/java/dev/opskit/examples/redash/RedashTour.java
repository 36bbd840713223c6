package dev.opskit.examples.redash;

import dev.opskit.examples.Folders;
import dev.opskit.examples.ScratchNames;
import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.Compression;
import dev.opskit.redash.RedashBackup;
import dev.opskit.redash.RedashDatabase;
import dev.opskit.redash.VerifyResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * The Tour's Redash stop: builds a small Redash-shaped database on the local PostgreSQL, backs it
 * up into a temporary folder, proves the backup restores (a restore drill into a scratch database),
 * and removes everything it made. The database's name is unique per run ({@code
 * opskit_tour_redash_<token>}), so two Tours on one server never drop each other's.
 */
public final class RedashTour {
  private RedashTour() {}

  /**
   * Runs the stop.
   *
   * @param out where to report
   * @param host PostgreSQL host
   * @param port its port
   * @param user a role that may create databases
   * @param password its password, or null
   */
  public static void run(
      PrintStream out, String host, String port, String user, @Nullable String password) {
    String server = "jdbc:postgresql://" + host + ":" + port + "/";
    String database = ScratchNames.unique("opskit_tour_redash");
    Path folder;
    try {
      folder = Files.createTempDirectory("opskit-tour-redash");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      execute(
          server + "postgres",
          user,
          password,
          "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)",
          "CREATE DATABASE " + database);
      execute(
          server + database,
          user,
          password,
          "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
          "INSERT INTO alembic_version VALUES ('db0aca1ebd32')",
          "CREATE TABLE queries (id serial PRIMARY KEY, name varchar(255) NOT NULL, query text NOT NULL, api_key varchar(40) NOT NULL)",
          "INSERT INTO queries (name, query, api_key) SELECT 'Orders by country #' || g, 'SELECT country, count(*) FROM orders GROUP BY 1', md5(g::text) FROM generate_series(1, 200) g",
          "CREATE TABLE dashboards (id serial PRIMARY KEY, name varchar(100) NOT NULL, layout text NOT NULL)",
          "INSERT INTO dashboards (name, layout) SELECT 'Dashboard ' || g, '[]' FROM generate_series(1, 20) g");
      RedashBackup redash =
          RedashBackup.builder()
              .database(RedashDatabase.jdbc(server + database, user, password))
              .store(BackupStore.directory(folder))
              .compression(Compression.GZIP)
              .build();
      BackupRecord backup = redash.backup();
      out.printf(
          "  backup %s: %,d bytes dumped, %,d stored (gzip), SHA-256 %s..., alembic %s, rows %s%n",
          backup.id(),
          backup.dumpBytes(),
          backup.storedBytes(),
          backup.sha256().substring(0, 12),
          backup.alembicVersion(),
          backup.rowCounts());
      out.printf(
          "  source %s, in %s%s/ (installs sharing a folder never see each other's backups)%n",
          backup.source(), folder, java.io.File.separator + redash.instance());
      VerifyResult drill = redash.verify(backup);
      out.println(
          drill.ok()
              ? "  restore drill: ok, the scratch copy matched the manifest and was dropped"
              : "  restore drill FAILED: " + drill.problems());
    } catch (SQLException e) {
      out.println("  skipped: " + e.getMessage().lines().findFirst().orElse(""));
    } finally {
      try {
        execute(
            server + "postgres",
            user,
            password,
            "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (SQLException e) {
        out.println("  could not drop " + database + ": " + e.getMessage());
      }
      try {
        Folders.deleteRecursively(folder);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void execute(
      String url, String user, @Nullable String password, String... statements)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
