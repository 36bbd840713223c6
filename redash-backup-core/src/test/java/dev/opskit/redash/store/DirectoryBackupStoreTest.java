package dev.opskit.redash.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.BackupStoreException;
import dev.opskit.redash.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The folder store: modes, races, failure messages and a missing folder. */
class DirectoryBackupStoreTest {
  private static final String OWNER_FILE = "rw-------";
  private static final String OWNER_FOLDER = "rwx------";

  @TempDir Path dir;

  private Path storeFolder() throws IOException {
    // Made by the test with the JVM's umask (usually 022: 0755), as an administrator would.
    return Files.createDirectories(dir.resolve("store"));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  // 1. Modes

  @Test
  void everyFileAndFolderTheStoreCreatesIsTheOwnersAlone() throws Exception {
    Path folder = storeFolder();
    BackupStore store = BackupStore.directory(folder);

    store.write("redash-x.sql.gz", bytes("dump"), n -> {});
    store.write("prod/redash-x.sql.gz", bytes("dump"), n -> {});
    store.writeIfAbsent("backup.lock", "lock".getBytes(StandardCharsets.UTF_8));
    store.writeIfAbsent("staging/backup.lock", "lock".getBytes(StandardCharsets.UTF_8));

    assertThat(mode(folder.resolve("redash-x.sql.gz"))).isEqualTo(OWNER_FILE);
    assertThat(mode(folder.resolve("prod"))).isEqualTo(OWNER_FOLDER);
    assertThat(mode(folder.resolve("prod/redash-x.sql.gz"))).isEqualTo(OWNER_FILE);
    assertThat(mode(folder.resolve("backup.lock"))).isEqualTo(OWNER_FILE);
    assertThat(mode(folder.resolve("staging"))).isEqualTo(OWNER_FOLDER);
    assertThat(mode(folder.resolve("staging/backup.lock"))).isEqualTo(OWNER_FILE);
    assertThat(store.list())
        .extracting(StoredObject::name)
        .containsExactly(
            "backup.lock", "prod/redash-x.sql.gz", "redash-x.sql.gz", "staging/backup.lock");
  }

  @Test
  void aStoreFolderOthersCanWriteToIsWarnedAboutOnce() throws Exception {
    Path folder = storeFolder();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxr-x"));
    Logger logger = (Logger) LoggerFactory.getLogger(DirectoryBackupStore.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      BackupStore store = BackupStore.directory(folder);
      store.writeIfAbsent("backup.lock", new byte[1]);
      store.list();
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list).hasSize(1);
    ILoggingEvent warning = appender.list.get(0);
    assertThat(warning.getLevel()).isEqualTo(Level.WARN);
    assertThat(warning.getFormattedMessage())
        .contains(folder.toString())
        .contains("group")
        .contains("chmod 700 " + folder);
  }

  @Test
  void anOwnerOnlyStoreFolderIsNotWarnedAbout() throws Exception {
    Path folder = storeFolder();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Logger logger = (Logger) LoggerFactory.getLogger(DirectoryBackupStore.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      BackupStore.directory(folder);
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list).isEmpty();
  }

  // 2. Races

  @Test
  void racingWriteIfAbsentOnOneNameHasExactlyOneWinner() throws Exception {
    Path folder = storeFolder();
    BackupStore store = BackupStore.directory(folder);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 25; round++) {
        String name =
            round % 2 == 0 ? "backup-" + round + ".lock" : "prod/backup-" + round + ".lock";
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] content = ("owner " + t).getBytes(StandardCharsets.UTF_8);
          results.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store.writeIfAbsent(name, content);
                  }));
        }
        int won = 0;
        for (Future<Boolean> result : results) {
          won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(won).as("round %d: exactly one writer wins", round).isEqualTo(1);
        try (InputStream in = store.read(name)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("owner ");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.incompleteWrites()).isEmpty();
    try (Stream<Path> files = Files.walk(folder)) {
      assertThat(files.map(Path::toString)).noneMatch(f -> f.contains(".partial"));
    }
  }

  @Test
  void twoWritesOfOneObjectUseTheirOwnPartialFilesAndTheSecondFinisherLoses() throws Exception {
    Path folder = storeFolder();
    BackupStore store = BackupStore.directory(folder);
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    InputStream stalled =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent == 3) {
              firstStarted.countDown();
              try {
                releaseFirst.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
            }
            return sent++ < 6 ? 'a' : -1;
          }
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> first = pool.submit(() -> store.write("prod/redash-1.sql", stalled, n -> {}));
      assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();

      assertThat(store.incompleteWrites()).containsExactly("prod/redash-1.sql");
      assertThat(store.list()).isEmpty();
      long second = store.write("prod/redash-1.sql", bytes("second"), n -> {});
      releaseFirst.countDown();

      assertThat(second).isEqualTo(6);
      assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BackupStoreException.class)
          .hasMessageContaining("already exists");
    } finally {
      releaseFirst.countDown();
      pool.shutdownNow();
    }
    assertThat(Files.readString(folder.resolve("prod/redash-1.sql"))).isEqualTo("second");
    assertThat(store.incompleteWrites()).isEmpty();
  }

  @Test
  void partialFilesMapBackToTheObjectTheyWereWriting() throws Exception {
    Path folder = storeFolder();
    Files.createDirectories(folder.resolve("prod"));
    Files.writeString(
        folder.resolve("prod/redash-1.sql.gz.partial-0f8fad5b-d9cb-469f-a165-70867728950e"), "x");
    Files.writeString(folder.resolve("redash-2.sql.gz.partial"), "an older opskit's");
    Files.writeString(folder.resolve("redash-3.sql.gz.partial-4242"), "an older opskit's");
    BackupStore store = BackupStore.directory(folder);

    assertThat(store.incompleteWrites())
        .containsExactlyInAnyOrder("prod/redash-1.sql.gz", "redash-2.sql.gz", "redash-3.sql.gz");
    assertThat(store.list()).isEmpty();

    store.abortIncompleteWrites(name -> !name.equals("redash-3.sql.gz"));

    assertThat(store.incompleteWrites()).containsExactly("redash-3.sql.gz");
  }

  // 3. Why a write failed

  @Test
  void reasonsComeFromTheExceptionType() {
    assertThat(IoFailure.reason(new AccessDeniedException("/srv/backups/backup.lock")))
        .isEqualTo("permission denied");
    assertThat(IoFailure.reason(new NoSuchFileException("/srv/backups/backup.lock")))
        .isEqualTo("no such file or directory");
    assertThat(IoFailure.reason(new NotDirectoryException("/srv/backups")))
        .isEqualTo("not a directory");
    assertThat(IoFailure.reason(new FileSystemException("/srv/backups/x", null, "Not a directory")))
        .isEqualTo("not a directory");
    assertThat(
            IoFailure.reason(
                new FileSystemException("/srv/backups/x", null, "Read-only file system")))
        .isEqualTo("read-only file system");
    assertThat(IoFailure.reason(new IOException("No space left on device")))
        .isEqualTo("no space left on device");
  }

  @Test
  void aPermissionFailureSaysWhatWhereWhyAndWhatToDo() {
    Path folder = Path.of("/srv/backups");
    String message =
        IoFailure.describe(new AccessDeniedException("/srv/backups/backup.lock"), folder);

    assertThat(message)
        .contains("permission denied")
        .contains("/srv/backups/backup.lock")
        .contains("chmod 700 /srv/backups");
    assertThat(
            IoFailure.describe(
                new FileSystemException("/srv/backups/x", null, "Read-only file system"), folder))
        .contains("read-only file system")
        .contains("read-write");
    assertThat(IoFailure.describe(new IOException("No space left on device"), folder))
        .contains("no space left on device")
        .contains("free space");
  }

  @Test
  void aWriteUnderAFileSaysNotADirectory() throws Exception {
    Path folder = storeFolder();
    Files.writeString(folder.resolve("prod"), "a file where a folder should be");
    BackupStore store = BackupStore.directory(folder);

    assertThatThrownBy(() -> store.writeIfAbsent("prod/backup.lock", new byte[1]))
        .isInstanceOf(BackupStoreException.class)
        .hasMessageContaining("writing " + folder.resolve("prod/backup.lock"))
        .hasMessageContaining("not a directory")
        .hasMessageContaining(folder.resolve("prod") + " is a file");
    assertThatThrownBy(() -> store.write("prod/redash-1.sql", bytes("dump"), n -> {}))
        .isInstanceOf(BackupStoreException.class)
        .hasMessageContaining("not a directory")
        .hasMessageContaining(folder.resolve("prod") + " is a file");
  }

  // 4. A missing folder

  @Test
  void aStoreWhoseFolderIsMissingSaysSoInsteadOfListingNothing() throws Exception {
    Path folder = storeFolder();
    BackupStore store = BackupStore.directory(folder);
    Files.delete(folder); // the share was unmounted after the store was built

    for (Callable<?> use :
        List.<Callable<?>>of(
            store::list,
            () -> store.read("redash-1.manifest.json"),
            store::incompleteWrites,
            () -> store.write("redash-1.sql", bytes("dump"), n -> {}),
            () -> store.writeIfAbsent("backup.lock", new byte[1]),
            () -> store.writeIfAbsent("prod/backup.lock", new byte[1]))) {
      assertThatThrownBy(use::call)
          .isInstanceOf(BackupStoreException.class)
          .hasMessageContaining(folder + " does not exist")
          .hasMessageContaining("not be mounted")
          .hasMessageContaining("mkdir -m 700 " + folder);
    }
    assertThat(folder).as("never created on the local disk").doesNotExist();
  }

  @Test
  void aMissingObjectIsStillReportedAsMissing() throws Exception {
    BackupStore store = BackupStore.directory(storeFolder());

    assertThatThrownBy(() -> store.read("redash-1.manifest.json"))
        .isInstanceOf(BackupStoreException.class)
        .hasMessageContaining("redash-1.manifest.json does not exist")
        .hasMessageNotContaining("mkdir");
  }

  @Test
  void aFolderThatDoesNotExistIsRefusedAtConstruction() {
    Path missing = dir.resolve("not-mounted");

    assertThatThrownBy(() -> BackupStore.directory(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing + " does not exist")
        .hasMessageContaining("not be mounted")
        .hasMessageContaining("mkdir -m 700 " + missing);
    assertThat(missing).doesNotExist();
  }

  @Test
  void aFileOrAPathUnderAFileIsRefusedAtConstruction() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> new DirectoryBackupStore(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " is not a directory");
    assertThatThrownBy(() -> BackupStore.directory(file.resolve("sub")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory")
        .hasMessageContaining(file + " is a file");
  }
}
