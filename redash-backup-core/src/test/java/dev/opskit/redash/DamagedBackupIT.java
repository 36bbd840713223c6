package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.TinyRedash;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2: a truncated or damaged newest backup must not count as complete, must not push good
 * backups out of retention, and must be reported.
 */
class DamagedBackupIT {
  private final TestDatabase db;
  @TempDir Path dir;

  DamagedBackupIT(@Postgres TestDatabase db) {
    this.db = db;
    TinyRedash.load(db, "A");
  }

  @AfterEach
  void dropCopies() {
    PgShell.dropDerived(db);
  }

  private RedashBackup redash() throws Exception {
    return RedashBackup.builder()
        .database(TinyRedash.database(db))
        .store(BackupStore.directory(Files.createDirectories(dir.resolve("store"))))
        .compression(Compression.NONE)
        .retention(RetentionPolicy.keepLast(1))
        .build();
  }

  private void truncate(BackupRecord backup) throws Exception {
    try (RandomAccessFile file =
        new RandomAccessFile(dir.resolve("store").resolve(backup.dataObject()).toFile(), "rw")) {
      file.setLength(backup.storedBytes() / 2);
    }
  }

  @Test
  void aTruncatedNewestBackupIsReportedAndNeverCounted() throws Exception {
    RedashBackup redash = redash();
    BackupRecord first = redash.backup();
    TinyRedash.setVersion(db, 1);
    BackupRecord second = redash.backup();
    TinyRedash.setVersion(db, 2);
    BackupRecord third = redash.backup();
    truncate(third);

    // The reported bug: list() showed the truncated backup as complete.
    assertThat(redash.list()).containsExactly(second, first);
    assertThat(redash.latest()).contains(second);
    assertThat(redash.catalog().damaged())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.backup()).isEqualTo(third);
              assertThat(e.state()).isEqualTo(BackupState.DAMAGED);
              assertThat(e.storedSize()).isEqualTo(third.storedBytes() / 2);
              assertThat(e.problem()).contains("its manifest says " + third.storedBytes());
            });

    // The reported bug: keepLast(1) kept only the damaged one and deleted both good ones.
    PruneResult pruned = redash.prune(false);
    assertThat(pruned.kept()).containsExactly(second);
    assertThat(pruned.deleted()).containsExactly(first);
    assertThat(pruned.damaged()).extracting(CatalogEntry::backup).containsExactly(third);
    assertThat(redash.list()).containsExactly(second);
    assertThat(Files.exists(dir.resolve("store").resolve(third.dataObject())))
        .as("damaged data is kept for inspection")
        .isTrue();

    // The newest intact backup restores; the damaged one is refused with its facts.
    String copy = PgShell.copyName(db);
    redash.restore(RestoreRequest.latest().toDatabase(copy));
    assertThat(TinyRedash.marker(db, copy)).isEqualTo("A:1");
    assertThatThrownBy(() -> redash.restore(RestoreRequest.of(third).toDatabase(copy)))
        .isInstanceOfSatisfying(
            ChecksumMismatchException.class,
            e -> {
              assertThat(e.dataObject()).isEqualTo(third.dataObject());
              assertThat(e.expectedBytes()).isEqualTo(third.storedBytes());
              assertThat(e.actualBytes()).isEqualTo(third.storedBytes() / 2);
              assertThat(e.targetChanged()).isFalse();
            });
    assertThat(TinyRedash.marker(db, copy)).isEqualTo("A:1");
  }

  @Test
  void aBackupWhoseDataVanishedIsNotListedAndPruneRemovesItsManifest() throws Exception {
    RedashBackup redash = redash();
    BackupRecord first = redash.backup();
    BackupRecord second = redash.backup();
    Files.delete(dir.resolve("store").resolve(second.dataObject()));

    assertThat(redash.list()).containsExactly(first);
    assertThat(redash.catalog().damaged())
        .singleElement()
        .satisfies(e -> assertThat(e.state()).isEqualTo(BackupState.DATA_MISSING));

    PruneResult pruned = redash.prune(false);

    assertThat(pruned.kept()).containsExactly(first);
    assertThat(pruned.orphans()).containsExactly(second.manifestObject());
    assertThat(redash.catalog().entries()).extracting(CatalogEntry::backup).containsExactly(first);
  }

  @Test
  void aDamagedObjectWithTheRightSizeFailsItsChecksumWithTheFacts() throws Exception {
    RedashBackup redash = redash();
    BackupRecord backup = redash.backup();
    Path data = dir.resolve("store").resolve(backup.dataObject());
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);

    assertThatThrownBy(() -> redash.restore(RestoreRequest.latest()))
        .isInstanceOfSatisfying(
            ChecksumMismatchException.class,
            e -> {
              assertThat(e.expectedSha256()).isEqualTo(backup.sha256());
              assertThat(e.actualSha256()).isNotNull().isNotEqualTo(backup.sha256());
              assertThat(e.actualBytes()).isEqualTo(e.expectedBytes());
            });
    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:0");
  }
}
