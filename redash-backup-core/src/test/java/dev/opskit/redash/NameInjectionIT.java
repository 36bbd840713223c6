package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.opskit.redash.fixture.LogCapture;
import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgProcess;
import dev.opskit.redash.internal.pg.SqlSession;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Database and role names an attacker (or an unlucky admin) chose: nothing in them may run as SQL,
 * as a psql meta-command or in a shell, nor send a client program to another database.
 */
class NameInjectionIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestDatabase db;

  /** Every database and role this test creates has this in its name, for the clean-up. */
  private final String tag = "nj" + HexFormat.of().formatHex(RANDOM.generateSeed(4));

  private final Path marker = Path.of("/tmp/opskit-pwned-" + tag);
  private final List<String> roles = new ArrayList<>();
  @TempDir Path dir;

  NameInjectionIT(@Postgres TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void loadFixture() {
    RedashFixture.load(db);
  }

  @AfterEach
  void dropWhatTheTestMade() throws Exception {
    try (Connection c = db.server().connect("postgres");
        Statement s = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT datname FROM pg_database WHERE strpos(datname, '" + tag + "') > 0")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        s.execute("DROP DATABASE IF EXISTS " + ident(name) + " WITH (FORCE)");
      }
      for (String role : roles) {
        s.execute("DROP ROLE IF EXISTS " + ident(role));
      }
    }
    PgShell.dropDerived(db);
    Files.deleteIfExists(marker);
  }

  // --- 1. names inside SQL: no DO $$ block, literals safe whatever standard_conforming_strings

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "command"})
  void aReaderRoleWithDollarQuotesRunsNoSqlOfItsOwn(String mode) throws Exception {
    String pwned = tag + "_pwned";
    // Ends the DO $$ ... $$ block the role was spliced into; the last statement is a harmless
    // SELECT, so psql's ERROR variable said the request had succeeded.
    String reader = "$$; CREATE ROLE " + pwned + "; SELECT $$";
    roles.add(reader);
    roles.add(pwned);
    RedashBackup redash =
        RedashBackup.builder()
            .database(database(mode).withReaderRole(reader))
            .store(BackupStore.directory(Files.createDirectories(dir.resolve("store"))))
            .build();
    BackupRecord record = redash.backup();

    VerifyResult result = redash.verify(record);

    assertThat(result.ok()).isTrue();
    assertThat(value("SELECT count(*) FROM pg_roles WHERE rolname = '" + pwned + "'"))
        .as("the role the name tried to create")
        .isEqualTo("0");
    assertThat(value("SELECT rolcanlogin FROM pg_roles WHERE rolname = " + literal(reader)))
        .as("the reader role, created under its own name")
        .isEqualTo("f");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "command"})
  void literalsRoundTripWhateverStandardConformingStringsSays(String mode) {
    List<String> values = List.of("a\\'; SELECT 1; --", "\\", "x'y", "\\\\'\\", "$$\\n$$");
    for (String setting : List.of("on", "off")) {
      try (SqlSession sql = SqlSession.open(database(mode).endpoint(), db.name())) {
        sql.execute("SET standard_conforming_strings = " + setting);
        for (String v : values) {
          assertThat(
                  sql.queryValue(
                      "SELECT "
                          + dev.opskit.redash.internal.restore.RedashSchema.literal(v)
                          + "::text"))
              .as("%s with standard_conforming_strings = %s", v, setting)
              .contains(v);
        }
      }
    }
  }

  // --- 2. psql sessions: stop at the first error, run only what was built

  @Test
  void textAfterAFailedStatementNeverRuns() {
    try (SqlSession sql = SqlSession.open(commandEndpoint(), db.name())) {
      assertThatThrownBy(() -> sql.execute("SELECT 1 / 0; CREATE TABLE after_error ()"))
          .isInstanceOf(RedashBackupException.class)
          .hasMessageContaining("division by zero");

      assertThat(sql.queryValue("SELECT to_regclass('after_error') IS NULL")).contains("t");
    }
  }

  @Test
  void aStatementCannotCarryPsqlMetaCommands() {
    try (SqlSession sql = SqlSession.open(commandEndpoint(), db.name())) {
      try {
        sql.execute("SELECT 1\n\\! touch " + marker);
      } catch (RedashBackupException e) {
        // refusing it is fine; running it is not
      }

      assertThat(marker).doesNotExist();
      assertThat(sql.queryValue("SELECT 2")).contains("2");
    }
  }

  @Test
  void anUnterminatedQuoteCannotSwallowTheRestOfTheSession() {
    try (SqlSession sql = SqlSession.open(commandEndpoint(), db.name())) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(() -> sql.execute("SELECT 'unterminated"))
                  .isInstanceOf(RedashBackupException.class));

      assertThat(sql.queryValue("SELECT 3")).contains("3");
    }
  }

  @Test
  void aSessionWhoseSnapshotDiedWithAnErrorRefusesMoreStatements() {
    try (SqlSession sql = SqlSession.open(commandEndpoint(), db.name())) {
      sql.exportSnapshot();
      assertThatThrownBy(() -> sql.execute("SELECT 1 / 0"))
          .hasMessageContaining("division by zero");

      assertThatThrownBy(() -> sql.queryValue("SELECT 1"))
          .isInstanceOf(RedashBackupException.class)
          .hasMessageContaining("ended inside a transaction");
    }
  }

  @Test
  void aSecretStatementNeverReachesTheLog() {
    try (LogCapture log = LogCapture.debug();
        SqlSession sql = SqlSession.open(commandEndpoint(), db.name())) {
      assertThatThrownBy(
              () ->
                  sql.executeSecret(
                      "ALTER ROLE no_such_role PASSWORD 'hunter2-secret' garbage",
                      "set a password"))
          .hasMessageNotContaining("hunter2");

      assertThat(log.lines()).noneMatch(l -> l.contains("hunter2"));
    }
  }

  // --- 3. names that libpq or the JDBC URL would read as connection settings

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "command"})
  void sessionsAndClientProgramsReachTheDatabaseTheyName(String mode) throws Exception {
    String elsewhere = tag + "_elsewhere";
    createDatabase(elsewhere);
    List<String> names =
        List.of(
            "dbname=" + elsewhere + " connect_timeout=9",
            "postgresql://127.0.0.1/" + elsewhere,
            "postgres:///" + elsewhere,
            tag + " a=b host=evil.invalid",
            tag + " o'k\"q\\b$$x",
            "-" + tag + " leading dash",
            tag + " Grüße 数据",
            tag + " a/b?c=d&e%20f#g+h");
    PgEndpoint endpoint = database(mode).endpoint();
    for (String name : names) {
      createDatabase(name);
      execute(name, "CREATE TABLE here_" + tag + " ()");

      try (SqlSession sql = SqlSession.open(endpoint, name)) {
        assertThat(sql.queryValue("SELECT current_database()")).as(name).contains(name);
      }
      assertThat(dumpSchema(endpoint, name)).as(name).contains("here_" + tag);
    }
  }

  // --- 5. ssh: the remote shell parses the command line again

  @Test
  void theSshPresetQuotesEveryArgumentForTheRemoteShell() {
    RedashDatabase database =
        RedashDatabase.ssh(Path.of("/usr/bin/ssh"), "admin@db-1", "it's $(x)", "-r");

    assertThat(database.endpoint().command("psql", "it's $(x)", List.of("--quiet")))
        .containsExactly(
            "/usr/bin/ssh",
            "-T",
            "-o",
            "BatchMode=yes",
            "--",
            "admin@db-1",
            "'psql'",
            "'--username=-r'",
            "'--dbname=dbname='\\''it\\'\\''s $(x)'\\'''",
            "'--quiet'");
  }

  @Test
  void aCommandPrefixRunningSshIsRefused() throws Exception {

    String name = tag + " $(touch " + marker + ")";
    createDatabase(name);

    try {
      RedashBackup.builder()
          .database(RedashDatabase.command(List.of(fakeSsh().toString(), "db-host"), name, "x"))
          .store(BackupStore.directory(Files.createDirectories(dir.resolve("store"))))
          .build()
          .backup();
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageContaining("RedashDatabase.ssh(");
    } catch (RedashBackupException e) {
      // the backup may fail; the name must not have run
    }

    assertThat(marker).doesNotExist();
    assertThatThrownBy(
            () -> RedashDatabase.command(List.of("/usr/bin/ssh", "db-host"), "redash", "redash"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RedashDatabase.ssh(");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "command", "ssh"})
  void backupVerifyAndRestoreKeepAHostileDatabaseName(String mode) throws Exception {
    String hostile = " o'k\"q$$=\\ $(touch " + marker + ")";
    String source = tag + "s" + hostile;
    String target = tag + "t" + hostile;
    assertThat(target.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    PgShell.execute(
        db, "CREATE DATABASE " + ident(source) + " OWNER redash TEMPLATE " + ident(db.name()));
    RedashDatabase database =
        (switch (mode) {
              case "jdbc" ->
                  RedashDatabase.jdbc(
                      db.server()
                          .jdbcUrl("postgres")
                          .replace(
                              "/postgres?",
                              "/"
                                  + java.net.URLEncoder.encode(source, StandardCharsets.UTF_8)
                                  + "?"),
                      db.user(),
                      db.password().isEmpty() ? null : db.password());
              case "command" ->
                  RedashDatabase.command(List.of("env", "PGHOST=127.0.0.1"), source, db.user());
              default -> RedashDatabase.ssh(fakeSsh(), "db-host", source, db.user());
            })
            .withOwner(RedashFixture.OWNER);
    for (DumpFormat format : DumpFormat.values()) {
      RedashBackup redash =
          RedashBackup.builder()
              .database(database)
              .format(format)
              .store(BackupStore.directory(Files.createDirectories(dir.resolve("store-" + format))))
              .secretKey(RedashFixture.secretKey())
              .build();

      BackupRecord record = redash.backup();
      VerifyResult verified = redash.verify(record);
      RestoreResult restored = redash.restore(RestoreRequest.of(record).toDatabase(target));

      assertThat(verified.problems()).as(format.toString()).isEmpty();
      assertThat(record.rowCounts()).containsEntry("public.queries", 300L);
      assertThat(restored.database()).isEqualTo(target);
      try (Connection c = connect(target);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_database(), count(*) FROM queries")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(target);
        assertThat(rs.getLong(2)).isEqualTo(300L);
      }
      assertThat(marker).doesNotExist();
      PgShell.execute(db, "DROP DATABASE " + ident(target) + " WITH (FORCE)");
    }
  }

  // --- helpers

  private RedashDatabase database(String mode) {
    return (mode.equals("jdbc")
            ? RedashDatabase.jdbc(
                db.jdbcUrl(), db.user(), db.password().isEmpty() ? null : db.password())
            : RedashDatabase.command(List.of("env", "PGHOST=127.0.0.1"), db.name(), db.user()))
        .withOwner(RedashFixture.OWNER);
  }

  private PgEndpoint commandEndpoint() {
    return database("command").endpoint();
  }

  /**
   * A stand-in for OpenSSH and the remote user's POSIX login shell: it skips its options up to
   * {@code --} and the destination, joins the remaining arguments with spaces, as ssh does, and
   * lets {@code sh -c} parse the result, as the remote shell does.
   */
  private Path fakeSsh() throws IOException {
    Path ssh = Files.createDirectories(dir.resolve("bin")).resolve("ssh");
    Files.writeString(
        ssh,
        """
        #!/bin/sh
        while [ $# -gt 0 ]; do
          case "$1" in
            --) shift; break ;;
            -o|-p|-l|-i|-F|-J) shift 2 ;;
            -*) shift ;;
            *) break ;;
          esac
        done
        shift
        export PGHOST=127.0.0.1
        exec sh -c "$*"
        """);
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
    return ssh;
  }

  private static String dumpSchema(PgEndpoint endpoint, String name) throws IOException {
    try (PgProcess dump =
            PgProcess.start(
                "pg_dump",
                endpoint.command("pg_dump", name, List.of("--no-password", "--schema-only")),
                endpoint.processEnvironment());
        InputStream out = dump.checkedStdout()) {
      return new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void createDatabase(String name) {
    PgShell.execute(db, "CREATE DATABASE " + ident(name));
  }

  private void execute(String database, String sql) throws SQLException {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private Connection connect(String database) throws SQLException {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(db.server().jdbcUrl("postgres"));
    source.setDatabaseName(database);
    source.setUser(db.user());
    source.setPassword(db.password());
    return source.getConnection();
  }

  private String value(String sql) {
    return PgShell.value(db, sql);
  }

  private static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "E'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
