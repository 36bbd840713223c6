package dev.opskit.redash.internal.backup;

import dev.opskit.redash.BackupFailedException;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.Compression;
import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgProcess;
import dev.opskit.redash.internal.stream.BoundedPipe;
import dev.opskit.redash.internal.stream.Codecs;
import dev.opskit.redash.internal.stream.Metered;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Dumps, compresses, hashes and stores: pg_dump's stdout goes through compression and a SHA-256
 * digest into a bounded pipe that the store reads from, on the run's worker threads, while the
 * calling thread reports progress. Also counts the rows in the dump's snapshot meanwhile.
 *
 * <p>When both ends fail, the one that failed on its own is the exception and the other, which only
 * followed, is attached as suppressed: a store that refuses the upload is not blamed on pg_dump,
 * and a pg_dump that dies is not blamed on the store.
 */
public final class DumpStep {
  private static final int CHUNK = 1024 * 1024;
  private static final int CHUNKS = 8;
  private static final long SAMPLE_MILLIS = 250;

  private final PgEndpoint endpoint;
  private final BackupStore store;
  private final Compression compression;
  private final ExecutorService workers;
  private final Progress progress;

  /**
   * Creates the step.
   *
   * @param endpoint the server
   * @param store the store
   * @param compression the compression
   * @param workers the run's executor; needs three threads
   * @param progress where progress goes
   */
  public DumpStep(
      PgEndpoint endpoint,
      BackupStore store,
      Compression compression,
      ExecutorService workers,
      Progress progress) {
    this.endpoint = endpoint;
    this.store = store;
    this.compression = compression;
    this.workers = workers;
    this.progress = progress;
  }

  /**
   * What the dump produced.
   *
   * @param dumpBytes bytes pg_dump wrote
   * @param storedBytes bytes stored
   * @param sha256 hex SHA-256 of the stored bytes
   * @param rowCounts the row counts taken meanwhile
   */
  public record Dumped(
      long dumpBytes, long storedBytes, String sha256, Map<String, Long> rowCounts) {}

  /**
   * Runs pg_dump into a new store object.
   *
   * @param backupId the backup, for messages
   * @param database the database to dump
   * @param pgDumpArgs pg_dump's arguments
   * @param dataObject the object to write
   * @param rowCounts counts the rows; runs on a worker thread while the dump streams
   * @return what was stored
   * @throws BackupFailedException when the dump or the upload failed; nothing was stored
   */
  public Dumped run(
      String backupId,
      String database,
      List<String> pgDumpArgs,
      String dataObject,
      Supplier<Map<String, Long>> rowCounts) {
    Metered dumped = Metered.counting();
    Metered stored = Metered.hashing();
    BoundedPipe pipe = new BoundedPipe(CHUNK, CHUNKS);
    AtomicReference<@Nullable Throwable> dumpFailure = new AtomicReference<>();
    AtomicLong storedSoFar = new AtomicLong();
    PgProcess dump =
        PgProcess.start(
            "pg_dump",
            endpoint.command("pg_dump", database, pgDumpArgs),
            endpoint.processEnvironment());
    InputStream source = pipe.source();
    Future<?> pump =
        workers.submit(
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
            });
    Future<Long> writing = workers.submit(() -> store.write(dataObject, source, storedSoFar::set));
    Future<Map<String, Long>> counting = workers.submit(rowCounts::get);
    Throwable storeFailure = null;
    long storedBytes = -1;
    try {
      storedBytes = awaitReporting(writing, dataObject, dumped, storedSoFar);
    } catch (ExecutionException e) {
      storeFailure = e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      storeFailure = e;
    } finally {
      if (storeFailure != null) {
        closeQuietly(source);
        dump.close();
      }
      await(pump);
      dump.close();
    }
    Map<String, Long> counts = null;
    Throwable countFailure = null;
    try {
      counts = counting.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      countFailure = e.getCause();
    } catch (TimeoutException | InterruptedException e) {
      countFailure = e;
    }
    Throwable root = rootCause(dumpFailure.get(), storeFailure);
    if (root == null && countFailure != null) {
      root = countFailure;
    }
    if (root != null) {
      for (Throwable other : new Throwable[] {dumpFailure.get(), storeFailure, countFailure}) {
        if (other != null && other != root && !causedBy(root, other)) {
          root.addSuppressed(other);
        }
      }
      throw new BackupFailedException(
          "backup "
              + backupId
              + " of "
              + endpoint
              + " to "
              + store.location()
              + " failed: "
              + describe(root)
              + "; no complete backup was written",
          root);
    }
    return new Dumped(dumped.bytes(), storedBytes, stored.sha256(), counts);
  }

  /**
   * Which failure caused the other. The store's failure carries the dump's as its cause when the
   * dump failed first (the pipe hands it over); the pipe's "reader closed" is always a consequence.
   */
  static @Nullable Throwable rootCause(@Nullable Throwable dump, @Nullable Throwable store) {
    if (store == null) {
      return dump;
    }
    if (dump == null || dump instanceof BoundedPipe.ReaderClosedException) {
      return store;
    }
    return causedBy(store, dump) ? dump : store;
  }

  private static boolean causedBy(Throwable effect, Throwable cause) {
    for (Throwable t = effect; t != null; t = t.getCause()) {
      if (t == cause) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * Waits for the upload, reporting progress on this (the caller's) thread a few times a second.
   */
  private long awaitReporting(
      Future<Long> writing, String dataObject, Metered dumped, AtomicLong stored)
      throws ExecutionException, InterruptedException {
    long reported = -1;
    while (true) {
      try {
        return writing.get(SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWriting) {
        if (stored.get() != reported) {
          reported = stored.get();
          progress.emit(Phase.DUMP, dumped.bytes(), reported, "writing " + dataObject);
        }
      }
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The pump records its own failure; a pump that hangs is cancelled with the executor.
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException e) {
      // nothing left to do with it
    }
  }
}
