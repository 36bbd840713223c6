package dev.opskit.redash;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.crypto.Fernet;
import dev.opskit.redash.internal.manifest.ManifestCodec;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgProcess;
import dev.opskit.redash.internal.pg.PgVersions;
import dev.opskit.redash.internal.pg.SqlSession;
import dev.opskit.redash.internal.restore.RedashSchema;
import dev.opskit.redash.internal.stream.BoundedPipe;
import dev.opskit.redash.internal.stream.Codecs;
import dev.opskit.redash.internal.stream.Metered;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One backup: preflight, dump in a snapshot, stream to the store, manifest. */
final class BackupRun {
  private static final Logger LOG = LoggerFactory.getLogger(BackupRun.class);
  private static final int CHUNK = 1024 * 1024;
  private static final int CHUNKS = 8;

  private final RedashDatabase database;
  private final BackupStore store;
  private final Compression compression;
  private final DumpFormat format;
  private final @Nullable SecretKey secretKey;
  private final RedashBackup.Events events;

  BackupRun(
      RedashDatabase database,
      BackupStore store,
      Compression compression,
      DumpFormat format,
      @Nullable SecretKey secretKey,
      RedashBackup.Events events) {
    this.database = database;
    this.store = store;
    this.compression = compression;
    this.format = format;
    this.secretKey = secretKey;
    this.events = events;
  }

  BackupRecord run(String id, Instant started, Clock clock) {
    PgEndpoint endpoint = database.endpoint();
    String db = endpoint.database();
    events.emit(Phase.PREFLIGHT, 0, 0, "checking " + endpoint);
    try (SqlSession sql = SqlSession.open(endpoint, db)) {
      String serverVersion = RedashSchema.serverVersion(sql);
      String dumpVersion = PgVersions.toolVersion(endpoint, "pg_dump");
      PgVersions.requireDumpCanRead(dumpVersion, serverVersion);
      String fingerprint = null;
      if (secretKey != null) {
        checkSecretKey(sql, secretKey, "database " + db);
        fingerprint = secretKey.fingerprint();
      } else {
        LOG.warn(
            "no Redash secret key configured: backup {} cannot prove it will restore with working"
                + " data sources; keep REDASH_SECRET_KEY with your backups",
            id);
      }
      String snapshot = sql.exportSnapshot();
      Optional<String> alembic = RedashSchema.alembicVersion(sql);
      if (alembic.isEmpty()) {
        LOG.warn("{} has no alembic_version table: is it a Redash database?", endpoint);
      }
      String dataObject = id + format.suffix() + compression.suffix();
      List<String> args = new ArrayList<>();
      args.add("--no-password");
      args.add("--snapshot=" + snapshot);
      if (format == DumpFormat.CUSTOM) {
        // opskit compresses; pg_dump's own compression would only be compressed again.
        args.add("--format=custom");
        args.add("--compress=0");
      } else {
        args.add("--format=plain");
      }
      events.emit(
          Phase.DUMP, 0, 0, "pg_dump " + dumpVersion + " → " + store.location() + dataObject);
      Metered dumped = Metered.counting();
      Metered stored = Metered.hashing();
      BoundedPipe pipe = new BoundedPipe(CHUNK, CHUNKS);
      AtomicReference<Throwable> dumpFailure = new AtomicReference<>();
      PgProcess dump =
          PgProcess.start(
              "pg_dump", endpoint.command("pg_dump", db, args), endpoint.processEnvironment());
      Thread pump =
          new Thread(
              () -> {
                // The sink is closed only after the whole dump went through: closing it is what
                // tells the store the stream ended normally.
                try (InputStream in = dumped.wrap(dump.checkedStdout())) {
                  OutputStream out = Codecs.compress(compression, stored.wrap(pipe.sink()));
                  // Large reads: fewer calls into the compressor than transferTo's 16 kB.
                  byte[] buffer = new byte[256 * 1024];
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                  }
                  out.close();
                } catch (Throwable t) {
                  dumpFailure.set(t);
                  pipe.fail(t);
                }
              },
              "opskit-backup-" + id);
      pump.setDaemon(true);
      pump.start();
      InputStream source = pipe.source();
      Map<String, Long> counts;
      long storedBytes;
      // Counted in the dump's own snapshot while pg_dump runs: the manifest's counts are the
      // dump's, whatever Redash writes meanwhile.
      CompletableFuture<Map<String, Long>> counting =
          CompletableFuture.supplyAsync(
              () -> RedashSchema.rowCounts(sql),
              task -> {
                Thread t = new Thread(task, "opskit-row-counts-" + id);
                t.setDaemon(true);
                t.start();
              });
      try {
        storedBytes = writeReportingProgress(dataObject, source, dumped);
        try {
          counts = counting.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      } catch (RuntimeException e) {
        // Nothing to delete: a store never shows an object whose write failed, and deleting by
        // name could remove another run's object when the failure was "already exists".
        RedashBackup.closeQuietly(source);
        dump.close();
        join(pump);
        awaitQuietly(counting);
        Throwable cause = dumpFailure.get() != null ? dumpFailure.get() : e;
        throw new BackupFailedException(
            "backup "
                + id
                + " of "
                + endpoint
                + " to "
                + store.location()
                + " failed: "
                + cause.getMessage()
                + "; no complete backup was written",
            cause);
      } finally {
        join(pump);
        dump.close();
      }
      if (dumpFailure.get() != null) {
        deleteQuietly(dataObject);
        throw new BackupFailedException(
            "backup "
                + id
                + " failed: "
                + dumpFailure.get().getMessage()
                + "; no complete backup was written",
            dumpFailure.get());
      }
      BackupRecord record =
          new BackupRecord(
              id,
              started.truncatedTo(ChronoUnit.MILLIS),
              db,
              format,
              compression,
              dataObject,
              dumped.bytes(),
              storedBytes,
              stored.sha256(),
              serverVersion,
              dumpVersion,
              alembic.orElse(null),
              counts,
              fingerprint,
              Duration.ofMillis(Duration.between(started, clock.instant()).toMillis()));
      events.emit(
          Phase.MANIFEST, record.dumpBytes(), storedBytes, "writing " + record.manifestObject());
      try {
        byte[] manifest = ManifestCodec.write(record);
        if (!store.writeIfAbsent(record.manifestObject(), manifest)
            && !StoreLock.holdsAlready(store, record.manifestObject(), manifest)) {
          throw new BackupFailedException(
              "backup " + id + ": a manifest " + record.manifestObject() + " already exists");
        }
      } catch (RuntimeException e) {
        deleteQuietly(dataObject);
        if (e instanceof BackupFailedException b) {
          throw b;
        }
        throw new BackupFailedException(
            "backup "
                + id
                + ": writing the manifest failed: "
                + e.getMessage()
                + "; no complete backup was written",
            e);
      }
      events.emit(Phase.DONE, record.dumpBytes(), storedBytes, "backup " + id + " complete");
      return record;
    }
  }

  /**
   * Writes the dump on a worker thread while this (the caller's) thread reports progress a few
   * times a second: listeners run on the calling thread, never on a store's or the SDK's threads.
   */
  private long writeReportingProgress(String dataObject, InputStream source, Metered dumped) {
    java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();
    CompletableFuture<Long> writing =
        CompletableFuture.supplyAsync(
            () -> store.write(dataObject, source, stored::set),
            task -> {
              Thread t = new Thread(task, "opskit-backup-writer");
              t.setDaemon(true);
              t.start();
            });
    long reported = -1;
    while (true) {
      try {
        return writing.get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillWriting) {
        if (stored.get() != reported) {
          reported = stored.get();
          events.emit(Phase.DUMP, dumped.bytes(), reported, "writing " + dataObject);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new BackupStoreException("writing " + dataObject + " failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackupFailedException("interrupted while writing " + dataObject, e);
      }
    }
  }

  static void checkSecretKey(SqlSession sql, SecretKey key, String where) {
    Optional<String> sample = RedashSchema.encryptedOptionsSample(sql);
    if (sample.isEmpty()) {
      return;
    }
    Fernet fernet = key.fernet();
    boolean decrypts;
    try {
      decrypts = fernet.decrypt(sample.get()).isPresent();
    } catch (IllegalArgumentException e) {
      throw new SecretKeyMismatchException(
          where
              + ": data_sources.encrypted_options holds no Fernet token ("
              + e.getMessage()
              + ")");
    }
    if (!decrypts) {
      throw new SecretKeyMismatchException(
          "the Redash secret key with fingerprint "
              + key.fingerprint()
              + " does not decrypt data_sources.encrypted_options in "
              + where
              + ": the key and the data do not belong together (Redash would show no data sources)");
    }
  }

  private void deleteQuietly(String name) {
    try {
      store.delete(name);
    } catch (RuntimeException e) {
      LOG.warn("could not delete {}{}: {}; prune removes it", store.location(), name, e.toString());
    }
  }

  /** Lets the row count finish before its session closes under it. */
  private static void awaitQuietly(CompletableFuture<?> future) {
    try {
      future.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("row count ended with {}", e.toString());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
