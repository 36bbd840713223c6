package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.SecondPostgres;
import dev.opskit.redash.fixture.TinyRedash;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1: one store, several Redash installs. Staging and production backing up to one folder
 * (or S3 prefix) must never see, prune or restore each other's backups.
 */
class SharedStoreIT {
  private static SecondPostgres second;

  @TempDir Path dir;
  private final TestDatabase a;
  private final TestDatabase b;

  SharedStoreIT(@Postgres TestDatabase a, @Postgres TestDatabase b) throws Exception {
    this.a = a;
    this.b = b;
    TinyRedash.load(a, "A");
    TinyRedash.load(b, "B");
  }

  @BeforeAll
  static void startSecondServer() throws Exception {
    second = SecondPostgres.start();
    second.execute("postgres", "CREATE ROLE redash NOLOGIN", "CREATE ROLE redash_reader NOLOGIN");
  }

  @AfterAll
  static void stopSecondServer() throws Exception {
    if (second != null) {
      second.close();
    }
  }

  @AfterEach
  void dropCopies() {
    PgShell.dropDerived(a);
    PgShell.dropDerived(b);
  }

  private BackupStore folder() throws Exception {
    return BackupStore.directory(Files.createDirectories(dir.resolve("store")));
  }

  private RedashBackup.Builder redash(TestDatabase db, BackupStore store) {
    return RedashBackup.builder().database(TinyRedash.database(db)).store(store);
  }

  @Test
  void twoDatabasesSharingAnInstanceFolderNeverSeeEachOthersBackups() throws Exception {
    BackupStore shared = folder();
    RedashBackup redashA =
        redash(a, shared).instance("redash").retention(RetentionPolicy.keepLast(1)).build();
    RedashBackup redashB = redash(b, shared).instance("redash").build();

    BackupRecord a1 = redashA.backup();
    BackupRecord b1 = redashB.backup();

    assertThat(redashA.list()).containsExactly(a1);
    assertThat(redashB.list()).containsExactly(b1);
    assertThat(redashA.latest()).contains(a1);
    // The reported bug: "latest" for A was B's newer backup.
    String copy = PgShell.copyName(a);
    redashA.restore(RestoreRequest.latest().toDatabase(copy));
    assertThat(TinyRedash.marker(a, copy)).isEqualTo("A:0");
    // The reported bug: keepLast(1) for A deleted A's only backup.
    PruneResult pruned = redashA.prune(false);
    assertThat(pruned.deleted()).isEmpty();
    assertThat(redashA.list()).containsExactly(a1);
    assertThat(redashB.list()).containsExactly(b1);
    // Restoring another source's backup is refused unless the request says so.
    assertThatThrownBy(() -> redashA.restore(RestoreRequest.of(b1).toDatabase(copy)))
        .isInstanceOfSatisfying(
            SourceMismatchException.class,
            e -> {
              assertThat(e.expected().database()).isEqualTo(a.name());
              assertThat(e.actual().database()).isEqualTo(b.name());
            })
        .hasMessageContaining("allowOtherSource(true)");
    assertThat(TinyRedash.marker(a, copy)).isEqualTo("A:0");
    redashA.restore(RestoreRequest.of(b1).toDatabase(copy).allowOtherSource(true));
    assertThat(TinyRedash.marker(a, copy)).isEqualTo("B:0");
  }

  @Test
  void defaultInstancesGiveEachDatabaseAFolderOfItsOwn() throws Exception {
    BackupStore shared = folder();
    RedashBackup redashA = redash(a, shared).retention(RetentionPolicy.keepLast(1)).build();
    RedashBackup redashB = redash(b, shared).build();
    redashB.backup();
    redashB.backup();
    BackupRecord a1 = redashA.backup();
    BackupRecord a2 = redashA.backup();

    PruneResult pruned = redashA.prune(false);

    assertThat(redashA.instance()).isNotEqualTo(redashB.instance());
    assertThat(pruned.deleted()).containsExactly(a1);
    assertThat(redashA.list()).containsExactly(a2);
    assertThat(redashB.list()).hasSize(2);
    assertThat(shared.list())
        .extracting(StoredObject::name)
        .allMatch(
            n -> n.startsWith(redashA.instance() + "/") || n.startsWith(redashB.instance() + "/"));
  }

  @Test
  void twoServersWithTheSameDatabaseNameAreTwoSources() throws Exception {
    // Two Docker installs: same database name, same instance name, different clusters.
    String name = a.name();
    second.execute("postgres", "CREATE DATABASE \"" + name + "\" OWNER redash");
    second.execute(
        name,
        "SET ROLE redash",
        "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('db0aca1ebd32')",
        "CREATE TABLE marker (source text NOT NULL, version int NOT NULL)",
        "INSERT INTO marker VALUES ('other-server', 0)");
    try {
      BackupStore shared = folder();
      RedashBackup here =
          redash(a, shared).instance("prod").retention(RetentionPolicy.keepLast(1)).build();
      RedashBackup there =
          RedashBackup.builder()
              .database(
                  RedashDatabase.jdbc(second.jdbcUrl(name), "postgres", null).withOwner("redash"))
              .store(shared)
              .instance("prod")
              .build();

      BackupRecord here1 = here.backup();
      BackupRecord there1 = there.backup();
      BackupRecord here2 = here.backup();
      BackupRecord there2 = there.backup();

      assertThat(here1.source().serverId()).isNotEqualTo(there1.source().serverId());
      assertThat(here.list()).containsExactly(here2, here1);
      assertThat(there.list()).containsExactly(there2, there1);
      assertThat(here.catalog().complete()).hasSize(4);

      PruneResult pruned = here.prune(false);

      // Retention per source: each keeps its newest, whatever the order in the folder.
      assertThat(pruned.kept()).containsExactlyInAnyOrder(here2, there2);
      assertThat(here.list()).containsExactly(here2);
      assertThat(there.list()).containsExactly(there2);

      String copy = PgShell.copyName(a);
      here.restore(RestoreRequest.latest().toDatabase(copy));
      assertThat(TinyRedash.marker(a, copy)).isEqualTo("A:0");
      assertThatThrownBy(() -> here.restore(RestoreRequest.of(there2).toDatabase(copy)))
          .isInstanceOf(SourceMismatchException.class);
      // A disaster-recovery restore onto another server says so explicitly.
      here.restore(RestoreRequest.of(there2).toDatabase(copy).allowOtherSource(true));
      assertThat(TinyRedash.marker(a, copy)).isEqualTo("other-server:0");
    } finally {
      second.execute("postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  @Test
  void aRestoreOntoAServerWithoutBackupsPointsAtTheOtherSources() throws Exception {
    BackupStore shared = folder();
    redash(b, shared).instance("prod").build().backup();
    RedashBackup redashA = redash(a, shared).instance("prod").build();

    assertThatThrownBy(() -> redashA.restore(RestoreRequest.latest()))
        .isInstanceOf(BackupNotFoundException.class)
        .hasMessageContaining("no complete backup of prod")
        .hasMessageContaining("allowOtherSource(true)");
    assertThat(List.of(TinyRedash.marker(a, a.name()))).containsExactly("A:0");
  }
}
