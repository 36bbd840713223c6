package dev.opskit.redash.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.BackupFailedException;
import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.Compression;
import dev.opskit.redash.DumpFormat;
import dev.opskit.redash.LockLostException;
import dev.opskit.redash.SourceIdentity;
import dev.opskit.redash.StoredObject;
import dev.opskit.redash.internal.stream.BoundedPipe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal step on a folder store, without a database: every check comes before the manifest. */
class SealStepTest {
  private static final Progress QUIET = (phase, dumped, stored, message) -> {};

  @TempDir Path dir;
  private BackupStore store;
  private BackupRecord record;

  @BeforeEach
  void storeADump() throws IOException {
    store = BackupStore.directory(Files.createDirectories(dir.resolve("store")));
    byte[] dump = "-- a dump\n".repeat(100).getBytes();
    String id = "redash-20261126T020000000Z";
    store.write("prod/" + id + ".sql", new ByteArrayInputStream(dump), n -> {});
    record =
        new BackupRecord(
            id,
            Instant.parse("2026-11-26T02:00:00Z"),
            new SourceIdentity("prod", "redash", "7351"),
            DumpFormat.PLAIN,
            Compression.NONE,
            "prod/" + id + ".sql",
            dump.length,
            dump.length,
            "0".repeat(64),
            "15.20",
            "15.20",
            null,
            Map.of(),
            null,
            Duration.ZERO);
  }

  private boolean manifestExists() {
    return store.stat(record.manifestObject()).isPresent();
  }

  @Test
  void sealsAWholeDumpWithItsManifest() {
    new SealStep(store, () -> {}, QUIET).run(record);

    assertThat(store.list())
        .extracting(StoredObject::name)
        .containsExactly(record.manifestObject(), record.dataObject());
  }

  @Test
  void aDumpThatVanishedIsNotSealed() {
    store.delete(record.dataObject());

    assertThatThrownBy(() -> new SealStep(store, () -> {}, QUIET).run(record))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("vanished");
    assertThat(manifestExists()).isFalse();
  }

  @Test
  void aDumpOfAnotherSizeIsNotSealedAndIsDeleted() throws IOException {
    Files.write(dir.resolve("store").resolve(record.dataObject()), new byte[10]);

    assertThatThrownBy(() -> new SealStep(store, () -> {}, QUIET).run(record))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("holds 10 bytes");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aRunThatLostItsLockWritesNoManifest() {
    Runnable lost =
        () -> {
          throw new LockLostException("lost", "prod/locks/x.json");
        };

    assertThatThrownBy(() -> new SealStep(store, lost, QUIET).run(record))
        .isInstanceOf(BackupFailedException.class)
        .hasCauseInstanceOf(LockLostException.class);
    assertThat(store.list()).isEmpty();
  }

  @Test
  void anExistingManifestIsNeverReplaced() {
    store.writeIfAbsent(record.manifestObject(), "{\"another\": \"run\"}".getBytes());

    assertThatThrownBy(() -> new SealStep(store, () -> {}, QUIET).run(record))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("already exists");
    assertThat(store.read(record.manifestObject())).hasContent("{\"another\": \"run\"}");
  }

  @Test
  void theDumpStepBlamesThePartThatFailedOnItsOwn() {
    IOException dumpDied = new IOException("pg_dump exited with status 1");
    // The pipe hands the dump's failure to the store, which fails because of it.
    Exception storeFollowed =
        new IllegalStateException("upload aborted", new IOException(dumpDied));
    assertThat(DumpStep.rootCause(dumpDied, storeFollowed)).isSameAs(dumpDied);

    Exception storeRefused = new IllegalStateException("multipart is disabled");
    assertThat(DumpStep.rootCause(dumpDied, storeRefused)).isSameAs(storeRefused);

    IOException readerGone = new BoundedPipe.ReaderClosedException();
    assertThat(DumpStep.rootCause(readerGone, storeRefused)).isSameAs(storeRefused);
    assertThat(DumpStep.rootCause(dumpDied, null)).isSameAs(dumpDied);
    assertThat(DumpStep.rootCause(null, null)).isNull();
  }
}
