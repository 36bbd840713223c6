package dev.opskit.redash.internal.restore;

import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.ChecksumMismatchException;
import dev.opskit.redash.DumpFormat;
import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.RestoreFailedException;
import dev.opskit.redash.internal.backup.Progress;
import dev.opskit.redash.internal.concurrent.NamedThreads;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgProcess;
import dev.opskit.redash.internal.stream.Codecs;
import dev.opskit.redash.internal.stream.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Checks a stored backup against its manifest and loads it into a database: psql for plain dumps,
 * pg_restore for custom ones, each in one transaction that stops at the first error.
 */
public final class LoadStep {
  private final PgEndpoint endpoint;
  private final BackupStore store;
  private final Progress progress;

  /**
   * Creates the step.
   *
   * @param endpoint the server
   * @param store the store
   * @param progress where progress goes
   */
  public LoadStep(PgEndpoint endpoint, BackupStore store, Progress progress) {
    this.endpoint = endpoint;
    this.store = store;
    this.progress = progress;
  }

  /**
   * Reads the whole data object and compares its size and SHA-256 with the manifest's, before
   * anything touches the server.
   *
   * @param backup the backup
   * @throws ChecksumMismatchException when they differ
   */
  public void checksum(BackupRecord backup) {
    progress.emit(Phase.CHECKSUM, 0, 0, "checking the SHA-256 of " + backup.dataObject());
    Metered metered = Metered.hashing();
    try (InputStream in = metered.wrap(store.read(backup.dataObject()))) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new RestoreFailedException(
          "reading " + store.location() + backup.dataObject() + " failed: " + e.getMessage(), e);
    }
    String actual = metered.sha256();
    if (metered.bytes() != backup.storedBytes() || !actual.equals(backup.sha256())) {
      throw new ChecksumMismatchException(
          store.location()
              + backup.dataObject()
              + " is damaged: "
              + metered.bytes()
              + " bytes with SHA-256 "
              + actual
              + ", the manifest says "
              + backup.storedBytes()
              + " bytes with "
              + backup.sha256()
              + "; nothing was restored from it",
          backup.dataObject(),
          backup.storedBytes(),
          metered.bytes(),
          backup.sha256(),
          actual);
    }
  }

  /**
   * Loads a backup into an existing, empty database.
   *
   * @param backup the backup
   * @param into the database
   * @param owner the role that owns the restored objects (custom format)
   * @throws RestoreFailedException when the program fails or the data changed meanwhile
   */
  public void load(BackupRecord backup, String into, String owner) {
    progress.emit(Phase.RESTORE, 0, 0, "loading " + backup.dataObject() + " into " + into);
    List<String> args = new ArrayList<>(List.of("--no-password"));
    String tool;
    if (backup.format() == DumpFormat.PLAIN) {
      tool = "psql";
      args.addAll(
          List.of(
              "--no-psqlrc",
              "--quiet",
              "--set=ON_ERROR_STOP=1",
              "--single-transaction",
              "--output=/dev/null"));
    } else {
      tool = "pg_restore";
      args.addAll(
          List.of("--exit-on-error", "--single-transaction", "--no-owner", "--role=" + owner));
    }
    Metered read = Metered.hashing();
    Metered restored = Metered.counting();
    ExecutorService drain =
        Executors.newSingleThreadExecutor(NamedThreads.daemon("opskit-" + tool + "-stdout"));
    try (PgProcess process =
        PgProcess.start(tool, endpoint.command(tool, into, args), endpoint.processEnvironment())) {
      drain.submit(
          () -> {
            try (InputStream out = process.checkedStdout()) {
              out.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
              // the exit status tells
            }
          });
      IOException feedFailure = null;
      try (InputStream in =
              restored.wrap(
                  Codecs.decompress(
                      backup.compression(), read.wrap(store.read(backup.dataObject()))));
          OutputStream stdin = process.stdin()) {
        byte[] buffer = new byte[256 * 1024];
        long reported = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
          stdin.write(buffer, 0, n);
          if (restored.bytes() - reported >= 8 * 1024 * 1024) {
            reported = restored.bytes();
            progress.emit(Phase.RESTORE, reported, read.bytes(), "loading " + into);
          }
        }
      } catch (IOException e) {
        feedFailure = e;
      }
      int exit = process.waitFor();
      if (exit != 0) {
        RestoreFailedException failure =
            new RestoreFailedException(
                "loading "
                    + backup.id()
                    + " into the new database "
                    + into
                    + " failed: "
                    + process.failureMessage(exit));
        if (feedFailure != null) {
          failure.addSuppressed(feedFailure);
        }
        throw failure;
      }
      if (feedFailure != null) {
        throw new RestoreFailedException(
            "reading "
                + backup.dataObject()
                + " failed while loading it: "
                + feedFailure.getMessage(),
            feedFailure);
      }
      String actual = read.sha256();
      if (!actual.equals(backup.sha256())) {
        throw new ChecksumMismatchException(
            store.location()
                + backup.dataObject()
                + " changed while it was being restored (SHA-256 differs from the manifest's)",
            backup.dataObject(),
            backup.storedBytes(),
            read.bytes(),
            backup.sha256(),
            actual);
      }
    } finally {
      drain.shutdownNow();
      try {
        drain.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
