package dev.opskit.redash;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.backup.DumpStep;
import dev.opskit.redash.internal.backup.SealStep;
import dev.opskit.redash.internal.backup.ServerFingerprint;
import dev.opskit.redash.internal.concurrent.NamedThreads;
import dev.opskit.redash.internal.crypto.Fernet;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgVersions;
import dev.opskit.redash.internal.pg.SqlSession;
import dev.opskit.redash.internal.restore.RedashSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backup as three steps: preflight (versions, secret key, source identity, snapshot), dump
 * ({@link DumpStep}: pg_dump, compression, SHA-256, store) and seal ({@link SealStep}: data
 * checked, lock checked, manifest).
 */
final class BackupRun {
  private static final Logger LOG = LoggerFactory.getLogger(BackupRun.class);

  private final RedashDatabase database;
  private final String instance;
  private final BackupStore store;
  private final Compression compression;
  private final DumpFormat format;
  private final @Nullable SecretKey secretKey;
  private final RedashBackup.Events events;

  BackupRun(
      RedashDatabase database,
      String instance,
      BackupStore store,
      Compression compression,
      DumpFormat format,
      @Nullable SecretKey secretKey,
      RedashBackup.Events events) {
    this.database = database;
    this.instance = instance;
    this.store = store;
    this.compression = compression;
    this.format = format;
    this.secretKey = secretKey;
    this.events = events;
  }

  BackupRecord run(String id, Instant started, Clock clock, StoreLock lock) {
    PgEndpoint endpoint = database.endpoint();
    String db = endpoint.database();
    events.emit(Phase.PREFLIGHT, 0, 0, "checking " + endpoint);
    ExecutorService workers =
        Executors.newFixedThreadPool(3, NamedThreads.daemon("opskit-backup-" + id));
    try (SqlSession sql = SqlSession.open(endpoint, db)) {
      String serverVersion = RedashSchema.serverVersion(sql);
      String dumpVersion = PgVersions.toolVersion(endpoint, "pg_dump");
      PgVersions.requireDumpCanRead(dumpVersion, serverVersion);
      SourceIdentity source =
          new SourceIdentity(instance, db, ServerFingerprint.systemIdentifier(sql));
      String keyFingerprint = null;
      if (secretKey != null) {
        checkSecretKey(sql, secretKey, "database " + db);
        keyFingerprint = secretKey.fingerprint();
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
      String dataObject = instance + "/" + id + format.suffix() + compression.suffix();
      events.emit(
          Phase.DUMP, 0, 0, "pg_dump " + dumpVersion + " → " + store.location() + dataObject);
      DumpStep.Dumped dumped =
          new DumpStep(endpoint, store, compression, workers, events::emit)
              .run(id, db, pgDumpArgs(snapshot), dataObject, () -> RedashSchema.rowCounts(sql));
      BackupRecord record =
          new BackupRecord(
              id,
              started.truncatedTo(ChronoUnit.MILLIS),
              source,
              format,
              compression,
              dataObject,
              dumped.dumpBytes(),
              dumped.storedBytes(),
              dumped.sha256(),
              serverVersion,
              dumpVersion,
              alembic.orElse(null),
              dumped.rowCounts(),
              keyFingerprint,
              Duration.ofMillis(Duration.between(started, clock.instant()).toMillis()));
      new SealStep(store, lock::ensureHeld, events::emit).run(record);
      events.emit(
          Phase.DONE, record.dumpBytes(), record.storedBytes(), "backup " + id + " complete");
      return record;
    } finally {
      workers.shutdownNow();
      try {
        workers.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<String> pgDumpArgs(String snapshot) {
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
    return args;
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
}
