package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.FakePgTools;
import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backups to a folder and restores on the local PostgreSQL, with every failure mode we can cause.
 */
class BackupRestoreIT {
  private final TestDatabase db;
  private final List<ProgressEvent> events = new ArrayList<>();
  @TempDir Path dir;

  BackupRestoreIT(@Postgres TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void loadFixture() {
    RedashFixture.load(db);
  }

  @BeforeEach
  void createStore() throws Exception {
    Files.createDirectories(dir.resolve("store")); // the store never creates its folder
  }

  @AfterEach
  void dropCopies() {
    PgShell.dropDerived(db);
  }

  private RedashBackup.Builder redash() {
    return RedashBackup.builder()
        .database(RedashFixture.database(db))
        .store(BackupStore.directory(dir.resolve("store")))
        .secretKey(RedashFixture.secretKey())
        .listener(events::add);
  }

  static Stream<Arguments> formats() {
    return Stream.of(DumpFormat.values())
        .flatMap(f -> Stream.of(Compression.values()).map(c -> Arguments.of(f, c)));
  }

  @ParameterizedTest(name = "{0} dump, {1}")
  @MethodSource("formats")
  void restoredCopyDumpsIdenticallyToTheOriginal(DumpFormat format, Compression compression) {
    RedashBackup redash = redash().format(format).compression(compression).build();
    String copy = PgShell.copyName(db);

    BackupRecord record = redash.backup();
    RestoreResult result = redash.restore(RestoreRequest.of(record).toDatabase(copy));

    assertThat(result.previousDatabase()).isNull();
    assertThat(PgShell.dump(db, copy, "--no-privileges"))
        .isEqualTo(PgShell.dump(db, db.name(), "--no-privileges"));
    assertThat(record.rowCounts()).hasSize(20).containsEntry("public.events", 5000L);
    assertThat(record.alembicVersion()).isEqualTo("db0aca1ebd32");
    assertThat(record.secretKeyFingerprint()).isEqualTo(RedashFixture.secretKey().fingerprint());
    assertThat(record.dataObject()).endsWith(format.suffix() + compression.suffix());
    assertThat(redash.list()).containsExactly(record);
    assertThat(events)
        .extracting(ProgressEvent::phase)
        .contains(ProgressEvent.Phase.DUMP, ProgressEvent.Phase.SWAP, ProgressEvent.Phase.DONE);
  }

  @Test
  void restoreInPlaceSwapsByRenameKeepsThePreviousDatabaseAndFixesTheReader() throws Exception {
    RedashBackup redash = redash().build();
    BackupRecord record = redash.backup();
    PgShell.execute(db, "DELETE FROM events WHERE id > 10");
    try (Connection redashSession = db.connect()) {
      redashSession.setAutoCommit(false);
      redashSession.createStatement().execute("SELECT count(*) FROM queries");

      RestoreResult result =
          redash.restore(RestoreRequest.latest().readerPassword("reader-pw-2026"));

      assertThat(result.database()).isEqualTo(db.name());
      assertThat(result.previousDatabase()).contains("_before_");
      assertThat(redashSession.isValid(2)).as("Redash's session was terminated").isFalse();
    }
    assertThat(PgShell.value(db, "SELECT count(*) FROM events")).isEqualTo("5000");
    String previous = PgShell.derived(db).get(0);
    try (Connection old =
        DriverManager.getConnection(
            db.jdbcUrl().replace("/" + db.name(), "/" + previous), db.user(), db.password())) {
      assertThat(count(old, "SELECT count(*) FROM events")).isEqualTo(10);
    }

    // The reader: every column of queries but api_key, the column grants, the legacy tables.
    try (Connection reader = connectAs(RedashFixture.READER)) {
      assertThat(count(reader, "SELECT count(name) FROM queries")).isEqualTo(300);
      assertThat(count(reader, "SELECT count(*) FROM query_results")).isEqualTo(1500);
      assertThat(count(reader, "SELECT count(type) FROM data_sources")).isEqualTo(3);
      assertThatThrownBy(() -> count(reader, "SELECT count(api_key) FROM queries"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> count(reader, "SELECT count(encrypted_options) FROM data_sources"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> count(reader, "SELECT count(password_hash) FROM users"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> count(reader, "SELECT count(*) FROM api_keys"))
          .hasMessageContaining("permission denied");
    }
    assertThat(
            scramMatches(
                PgShell.value(
                    db, "SELECT rolpassword FROM pg_authid WHERE rolname = 'redash_reader'"),
                "reader-pw-2026"))
        .isTrue();
  }

  @Test
  void aBackupAtAnotherAlembicRevisionRestoresWithTheUpgradeWarning() {
    RedashBackup redash = redash().build();
    redash.backup();
    // The running Redash was upgraded after the backup: its database is at a newer revision.
    PgShell.execute(db, "UPDATE alembic_version SET version_num = 'f1a2b3c4d5e6'");

    RestoreResult result = redash.restore(RestoreRequest.latest());

    assertThat(result.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("alembic revision db0aca1ebd32")
                    .contains("expects f1a2b3c4d5e6")
                    .contains("manage db upgrade"))
        .anySatisfy(w -> assertThat(w).contains("no reader password given"));
    assertThat(PgShell.value(db, "SELECT version_num FROM alembic_version"))
        .isEqualTo("db0aca1ebd32");
  }

  @Test
  void verifyRestoresIntoAScratchDatabaseAndDropsIt() {
    RedashBackup redash = redash().format(DumpFormat.CUSTOM).compression(Compression.ZSTD).build();
    BackupRecord record = redash.backup();

    VerifyResult result = redash.verify(record);

    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.secretKeyChecked()).isTrue();
    assertThat(result.rowCounts()).isEqualTo(record.rowCounts());
    assertThat(PgShell.derived(db)).isEmpty();
  }

  @Test
  void aWrongSecretKeyFailsTheBackupBeforeAnythingIsStored() {
    RedashBackup redash = redash().secretKey(SecretKey.of("not-the-key")).build();

    assertThatThrownBy(redash::backup)
        .isInstanceOf(SecretKeyMismatchException.class)
        .hasMessageContaining("does not decrypt data_sources.encrypted_options")
        .hasMessageNotContaining("not-the-key");
    assertThat(BackupStore.directory(dir.resolve("store")).list()).isEmpty();
  }

  @Test
  void aWrongSecretKeyIsRefusedBeforeTheRestoreTouchesTheServer() {
    BackupRecord record = redash().build().backup();
    String before = PgShell.dump(db, db.name());

    assertThatThrownBy(
            () ->
                redash()
                    .secretKey(SecretKey.of("another-key"))
                    .build()
                    .restore(RestoreRequest.of(record)))
        .isInstanceOf(SecretKeyMismatchException.class)
        .hasMessageContaining(record.secretKeyFingerprint())
        .hasMessageContaining("Nothing was restored");
    assertThat(PgShell.dump(db, db.name())).isEqualTo(before);
    assertThat(PgShell.derived(db)).isEmpty();
  }

  @Test
  void aCorruptedBackupIsRefusedBeforeTheRestoreTouchesTheServer() throws Exception {
    RedashBackup redash = redash().compression(Compression.NONE).build();
    BackupRecord record = redash.backup();
    Path data = dir.resolve("store").resolve(record.dataObject());
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);
    String before = PgShell.dump(db, db.name());

    assertThatThrownBy(() -> redash.restore(RestoreRequest.latest()))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("is damaged")
        .hasMessageContaining(record.sha256());
    assertThat(PgShell.dump(db, db.name())).isEqualTo(before);
    assertThat(PgShell.derived(db)).isEmpty();
  }

  @Test
  void aPgDumpKilledMidStreamLeavesNothingThatLooksLikeABackup() throws Exception {
    Path tools =
        FakePgTools.create(
            dir.resolve("tools"),
            null,
            "exec /usr/bin/pg_dump \"$@\" | head -c 200000; kill -9 $$");
    RedashBackup redash =
        redash()
            .database(RedashFixture.database(db).withToolsDirectory(tools))
            .compression(Compression.NONE)
            .build();

    assertThatThrownBy(redash::backup)
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("pg_dump exited with status")
        .hasMessageContaining("no complete backup was written");
    assertThat(redash.list()).isEmpty();
    assertThat(BackupStore.directory(dir.resolve("store")).list()).isEmpty();
    assertThat(BackupStore.directory(dir.resolve("store")).incompleteWrites()).isEmpty();
  }

  @Test
  void aPgDumpOlderThanTheServerIsRefusedWithTheFix() throws Exception {
    Path tools =
        FakePgTools.create(
            dir.resolve("tools"),
            "pg_dump (PostgreSQL) 9.6.24",
            "echo 'pg_dump (PostgreSQL) 9.6.24'");
    RedashBackup redash =
        redash().database(RedashFixture.database(db).withToolsDirectory(tools)).build();

    assertThatThrownBy(redash::backup)
        .isInstanceOf(PgToolException.class)
        .hasMessageContaining("pg_dump 9.6 is older than the PostgreSQL 15")
        .hasMessageContaining("postgresql-client-15");
    assertThat(redash.list()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void aRestoreThatFailsWhileLoadingLeavesTheOriginalUntouched(String mode) throws Exception {
    RedashDatabase database =
        mode.equals("jdbc")
            ? RedashFixture.database(db)
            : RedashDatabase.command(List.of("env", "PGHOST=127.0.0.1"), db.name(), db.user())
                .withOwner(RedashFixture.OWNER);
    RedashBackup redash = redash().database(database).compression(Compression.NONE).build();
    BackupRecord record = redash.backup();
    // A backup whose checksum is right but whose SQL fails near its end, as a dump from a server
    // with an extension this one lacks would.
    Path data = dir.resolve("store").resolve(record.dataObject());
    Files.writeString(data, "\nSELECT 1 / 0;\n", java.nio.file.StandardOpenOption.APPEND);
    byte[] bytes = Files.readAllBytes(data);
    BackupRecord tampered =
        new BackupRecord(
            record.id(),
            record.createdAt(),
            record.source(),
            record.format(),
            record.compression(),
            record.dataObject(),
            bytes.length,
            bytes.length,
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)),
            record.serverVersion(),
            record.pgDumpVersion(),
            record.alembicVersion(),
            record.rowCounts(),
            record.secretKeyFingerprint(),
            record.duration());
    Files.write(
        dir.resolve("store").resolve(record.manifestObject()),
        dev.opskit.redash.internal.manifest.ManifestCodec.write(tampered));
    PgShell.execute(db, "DELETE FROM events WHERE id > 100");
    String before = PgShell.dump(db, db.name());

    assertThatThrownBy(() -> redash.restore(RestoreRequest.latest()))
        .isInstanceOf(RestoreFailedException.class)
        .hasMessageContaining("division by zero")
        .hasMessageContaining("was left untouched");
    assertThat(PgShell.dump(db, db.name())).isEqualTo(before);
    assertThat(PgShell.derived(db)).isEmpty();
    assertThat(
            PgShell.value(
                db, "SELECT datallowconn FROM pg_database WHERE datname = current_database()"))
        .isEqualTo("t");
  }

  static Stream<String> connections() {
    return Stream.of("jdbc", "command");
  }

  @Test
  void urlParametersApplyToJdbcAndTheClientPrograms() {
    RedashDatabase database =
        RedashDatabase.jdbc(
                db.jdbcUrl()
                    + (db.jdbcUrl().contains("?") ? "&" : "?")
                    + "sslmode=disable&ApplicationName=opskit-it",
                db.user(),
                null)
            .withOwner(RedashFixture.OWNER);
    RedashBackup redash = redash().database(database).build();

    BackupRecord record = redash.backup();

    assertThat(redash.verify(record).ok()).isTrue();
  }

  @Test
  void aDatabaseInUseIsNotReplacedWhenTerminatingIsOff() throws Exception {
    RedashBackup redash = redash().build();
    redash.backup();
    PgShell.execute(db, "DELETE FROM events");
    try (Connection redashSession = db.connect()) {
      assertThatThrownBy(() -> redash.restore(RestoreRequest.latest().terminateConnections(false)))
          .isInstanceOf(RestoreFailedException.class)
          .hasMessageContaining("is in use by")
          .hasMessageContaining("left untouched");
      assertThat(redashSession.isValid(2)).isTrue();
    }
    assertThat(PgShell.value(db, "SELECT count(*) FROM events")).isEqualTo("0");
    assertThat(PgShell.derived(db)).isEmpty();
  }

  @Test
  void aStoreThatCannotBeWrittenFailsCleanly() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> BackupStore.directory(notADirectory.resolve("sub")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
    RedashBackup redash = redash().build();
    // The folder replaced by a file once the store was built (root ignores permissions, not this).
    Files.delete(dir.resolve("store"));
    Files.writeString(dir.resolve("store"), "x");

    assertThatThrownBy(redash::backup)
        .isInstanceOf(BackupStoreException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void commandModeRunsEverythingThroughPsqlAndTheClientPrograms() {
    RedashDatabase viaCommand =
        RedashDatabase.command(List.of("env", "PGHOST=127.0.0.1"), db.name(), db.user())
            .withOwner(RedashFixture.OWNER);
    RedashBackup redash = redash().database(viaCommand).build();
    String copy = PgShell.copyName(db);

    BackupRecord record = redash.backup();
    RestoreResult result = redash.restore(RestoreRequest.of(record).toDatabase(copy));

    assertThat(record.rowCounts()).containsEntry("public.queries", 300L);
    assertThat(result.rowCounts()).isEqualTo(record.rowCounts());
    assertThat(PgShell.dump(db, copy, "--no-privileges"))
        .isEqualTo(PgShell.dump(db, db.name(), "--no-privileges"));
  }

  @Test
  void pruneKeepsWhatThePolicySaysAndCleansOrphans() throws Exception {
    BackupStore store = BackupStore.directory(dir.resolve("store"));
    RedashBackup redash =
        redash()
            .store(store)
            .retention(RetentionPolicy.keepLast(2))
            .compression(Compression.ZSTD)
            .build();
    BackupRecord first = redash.backup();
    BackupRecord second = redash.backup();
    BackupRecord third = redash.backup();
    Path folder = dir.resolve("store").resolve(redash.instance());
    String in = redash.instance() + "/";
    Files.writeString(folder.resolve("redash-20200101T000000000Z.sql.gz"), "orphan");
    Files.writeString(folder.resolve("redash-20200102T000000000Z.sql.gz.partial"), "crash");
    // A manifest this opskit cannot read (a newer one's): its data must survive every prune.
    Files.writeString(
        folder.resolve("redash-20200103T000000000Z.manifest.json"), "{\"manifestFormat\": 3}");
    Files.writeString(folder.resolve("redash-20200103T000000000Z.sql.gz"), "newer");
    Files.writeString(dir.resolve("store").resolve("notes.txt"), "not ours");

    PruneResult dry = redash.prune(true);
    assertThat(dry.deleted()).containsExactly(first);
    assertThat(dry.kept()).containsExactly(third, second);
    assertThat(dry.orphans()).hasSize(2);
    assertThat(redash.list()).hasSize(3);

    PruneResult real = redash.prune(false);
    assertThat(real.deleted()).containsExactly(first);
    assertThat(redash.list()).containsExactly(third, second);
    assertThat(store.list())
        .extracting(StoredObject::name)
        .containsExactlyInAnyOrder(
            second.dataObject(),
            second.manifestObject(),
            third.dataObject(),
            third.manifestObject(),
            in + "redash-20200103T000000000Z.manifest.json",
            in + "redash-20200103T000000000Z.sql.gz",
            "notes.txt");
    assertThat(store.incompleteWrites()).isEmpty();
  }

  private Connection connectAs(String role) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", role);
    p.setProperty("password", "trust-auth-ignores-it");
    return DriverManager.getConnection(db.jdbcUrl(), p);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Checks a stored SCRAM verifier against a password, as the server would at login. */
  private static boolean scramMatches(String verifier, String password) throws Exception {
    String[] parts = verifier.split("[$:]");
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] salted =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
            .getEncoded();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salted, "HmacSHA256"));
    byte[] clientKey = mac.doFinal("Client Key".getBytes());
    byte[] storedKey = java.security.MessageDigest.getInstance("SHA-256").digest(clientKey);
    return Base64.getEncoder().encodeToString(storedKey).equals(parts[3]);
  }
}
