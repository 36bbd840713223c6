package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.FakePgTools;
import dev.opskit.redash.fixture.ForwardingStore;
import dev.opskit.redash.fixture.TinyRedash;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup's steps under faults at their boundaries, with a folder store and a slow or failing fake
 * pg_dump: the lock stays held through a long dump, a lost lock or vanished data stops the backup
 * before its manifest, and the part that failed first is the one blamed.
 */
class BackupStepsIT {
  private final TestDatabase db;
  @TempDir Path dir;
  private Path folder;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  BackupStepsIT(@Postgres TestDatabase db) throws Exception {
    this.db = db;
    TinyRedash.load(db, "A");
  }

  @AfterEach
  void tearDown() throws Exception {
    background.shutdownNow();
    background.awaitTermination(30, TimeUnit.SECONDS);
  }

  private RedashBackup.Builder redash(BackupStore store) {
    return RedashBackup.builder()
        .database(TinyRedash.database(db))
        .store(store)
        .instance("steps")
        .compression(Compression.NONE);
  }

  private BackupStore folder() throws IOException {
    folder = Files.createDirectories(dir.resolve("store"));
    return BackupStore.directory(folder);
  }

  /** A pg_dump that waits before it dumps: a long backup. */
  private RedashDatabase slowDump(int seconds) throws IOException {
    Path tools =
        FakePgTools.create(
            dir.resolve("tools"), null, "sleep " + seconds + "; exec /usr/bin/pg_dump \"$@\"");
    return TinyRedash.database(db).withToolsDirectory(tools);
  }

  private void awaitLock() throws Exception {
    Path locks = folder.resolve("steps/locks");
    for (int i = 0; i < 200; i++) {
      if (Files.isDirectory(locks)) {
        try (var files = Files.list(locks)) {
          if (files.anyMatch(p -> p.toString().endsWith(".json"))) {
            return;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the backup never took its lock");
  }

  @Test
  void aBackupLongerThanTheStaleAgeKeepsItsLockAndAPruneIsRefused() throws Exception {
    BackupStore store = folder();
    Duration staleAfter = Duration.ofSeconds(1);
    RedashBackup slow = redash(store).database(slowDump(4)).staleLockAfter(staleAfter).build();
    Future<BackupRecord> running = background.submit(slow::backup);
    awaitLock();
    Thread.sleep(staleAfter.multipliedBy(2).toMillis());

    // The reported bug: the lock went stale, the prune took it over and deleted the data.
    assertThatThrownBy(
            () ->
                redash(store)
                    .staleLockAfter(staleAfter)
                    .retention(RetentionPolicy.keepLast(1))
                    .build()
                    .prune(false))
        .isInstanceOf(BackupInProgressException.class);

    BackupRecord record = running.get(60, TimeUnit.SECONDS);
    assertThat(slow.list()).containsExactly(record);
  }

  @Test
  void aBackupThatLostItsLockWritesNoManifest() throws Exception {
    BackupStore store = folder();
    RedashBackup slow = redash(store).database(slowDump(3)).build();
    Future<BackupRecord> running = background.submit(slow::backup);
    awaitLock();
    try (var locks = Files.list(folder.resolve("steps/locks"))) {
      for (Path lock : locks.toList()) {
        Files.delete(lock); // what a run that took the lock over would do
      }
    }

    assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BackupFailedException.class)
        .hasRootCauseInstanceOf(LockLostException.class);
    assertThat(slow.catalog().entries()).isEmpty();
    assertThat(store.list()).as("its data object was deleted too").isEmpty();
  }

  @Test
  void aBackupWhoseDataVanishedBeforeItsManifestFails() throws Exception {
    BackupStore store =
        new ForwardingStore(folder()) {
          @Override
          public long write(String name, InputStream content, LongConsumer progress) {
            long written = super.write(name, content, progress);
            delete(name); // a concurrent prune that took the data for an orphan
            return written;
          }
        };

    assertThatThrownBy(() -> redash(store).build().backup())
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("vanished before its manifest was written");
    assertThat(redash(store).build().catalog().entries()).isEmpty();
  }

  @Test
  void aStoreThatFailsOnItsOwnIsBlamedNotPgDump() throws Exception {
    BackupStore store =
        new ForwardingStore(folder()) {
          @Override
          public long write(String name, InputStream content, LongConsumer progress) {
            try {
              content.readNBytes(1024);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
            throw new BackupStoreException("the store refused the upload");
          }
        };

    assertThatThrownBy(() -> redash(store).build().backup())
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("the store refused the upload")
        .hasMessageNotContaining("pg_dump exited")
        .cause()
        .isInstanceOf(BackupStoreException.class);
  }

  @Test
  void aPgDumpThatDiesIsBlamedAndTheStoresFailureIsAttached() throws Exception {
    Path tools =
        FakePgTools.create(
            dir.resolve("tools"), null, "/usr/bin/pg_dump \"$@\" | head -c 300; exit 3");
    BackupStore store = folder();

    assertThatThrownBy(
            () ->
                redash(store)
                    .database(TinyRedash.database(db).withToolsDirectory(tools))
                    .build()
                    .backup())
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("pg_dump exited with status 3")
        .satisfies(
            e ->
                assertThat(e.getCause().getSuppressed())
                    .anySatisfy(s -> assertThat(s).isInstanceOf(BackupStoreException.class)));
    assertThat(store.list()).isEmpty();
  }
}
