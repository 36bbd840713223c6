package dev.opskit.redash;

import dev.opskit.redash.ProgressEvent.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a Redash metadata database to a {@link BackupStore}, keeps a {@link RetentionPolicy},
 * verifies backups by test restores, and restores safely.
 *
 * <pre>{@code
 * RedashBackup redash = RedashBackup.builder()
 *     .database(RedashDatabase.jdbc("jdbc:postgresql://127.0.0.1:5432/redash", "redash", password))
 *     .store(BackupStore.s3(s3AsyncClient, "my-bucket", "redash/"))
 *     .compression(Compression.GZIP)
 *     .retention(RetentionPolicy.keepLast(14))
 *     .secretKey(SecretKey.fromEnvironment())
 *     .listener(progress -> log.info(progress.message()))
 *     .build();
 * BackupRecord rec = redash.backup();
 * redash.prune(false);
 * }</pre>
 *
 * <p>A backup streams pg_dump's output through compression and a SHA-256 digest straight into the
 * store: no temporary file, memory bounded by the pipe and the S3 client's part buffers. It is
 * complete only once its manifest is written, after the data; a failed dump, a crash or a store
 * error leaves no manifest, and so nothing that {@link #list()}, {@link #restore} or retention
 * would take for a backup. A restore loads into a new database, checks it, and only then swaps it
 * in by rename, so a failed restore leaves the original database untouched.
 *
 * <p>Instances are immutable and thread-safe; concurrent backups and prunes of one store are
 * refused by a lock object in the store.
 */
public final class RedashBackup {
  private static final Logger LOG = LoggerFactory.getLogger(RedashBackup.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  static final String LOCK_OBJECT = "backup.lock";
  static final String MANIFEST_SUFFIX = ".manifest.json";

  private final RedashDatabase database;
  private final BackupStore store;
  private final Compression compression;
  private final DumpFormat format;
  private final RetentionPolicy retention;
  private final BackupListener listener;
  private final @Nullable SecretKey secretKey;
  private final Clock clock;
  private final Duration staleLockAfter;

  private RedashBackup(Builder b) {
    this.database = Objects.requireNonNull(b.database, "database");
    this.store = Objects.requireNonNull(b.store, "store");
    this.compression = b.compression;
    this.format = b.format;
    this.retention = b.retention;
    this.listener = b.listener;
    this.secretKey = b.secretKey;
    this.clock = b.clock;
    this.staleLockAfter = b.staleLockAfter;
  }

  /**
   * Starts building.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes a backup: checks pg_dump against the server, dumps in one snapshot, streams to the store,
   * then writes the manifest.
   *
   * @return the complete backup
   * @throws BackupInProgressException when another backup or prune holds the store's lock
   * @throws PgToolException when pg_dump is missing or older than the server
   * @throws SecretKeyMismatchException when a secret key was given and does not decrypt the data
   * @throws BackupFailedException when the dump or the upload failed (nothing complete-looking is
   *     left)
   */
  public BackupRecord backup() {
    Instant started = clock.instant();
    String id = "redash-" + ID_TIME.format(started);
    try (StoreLock lock =
        StoreLock.acquire(store, LOCK_OBJECT, id, clock, staleLockAfter, events(id))) {
      BackupRecord record =
          new BackupRun(database, store, compression, format, secretKey, events(id))
              .run(id, started, clock);
      LOG.info(
          "backup {} of {} complete: {} bytes dumped, {} stored in {}",
          id,
          database.name(),
          record.dumpBytes(),
          record.storedBytes(),
          store.location());
      return record;
    }
  }

  /**
   * The complete backups in the store: those whose manifest and data are both present.
   *
   * @return the backups, newest first
   */
  public List<BackupRecord> list() {
    return BackupCatalog.read(store).complete();
  }

  /**
   * The newest complete backup.
   *
   * @return it, or empty when the store holds none
   */
  public Optional<BackupRecord> latest() {
    List<BackupRecord> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * Checks a backup end to end: its SHA-256, then a test restore into a scratch database (dropped
   * afterwards) compared with the manifest: tables, row counts, alembic revision and, when a secret
   * key is configured, that it decrypts the data-source options.
   *
   * @param backup the backup
   * @return what was found; {@link VerifyResult#ok()} when everything matched
   * @throws ChecksumMismatchException when the stored bytes are damaged
   */
  public VerifyResult verify(BackupRecord backup) {
    return new RestoreRun(database, store, secretKey, clock, events(backup.id())).verify(backup);
  }

  /**
   * Restores a backup into a new database, checks it, swaps it in by rename (terminating Redash's
   * sessions), keeps the replaced database under a dated name, and re-applies the reader role's
   * password and grants.
   *
   * @param request what to restore where
   * @return the outcome, with warnings that need a human
   * @throws BackupNotFoundException when no complete backup matches
   * @throws ChecksumMismatchException when the stored bytes are damaged (checked before anything
   *     touches the server)
   * @throws SecretKeyMismatchException when the configured secret key does not belong to the backup
   * @throws RestoreFailedException when loading, checking or swapping failed; the original database
   *     is untouched
   */
  public RestoreResult restore(RestoreRequest request) {
    BackupRecord backup = resolve(request);
    return new RestoreRun(database, store, secretKey, clock, events(backup.id()))
        .restore(backup, request);
  }

  private BackupRecord resolve(RestoreRequest request) {
    List<BackupRecord> all = list();
    if (request.backupId() == null) {
      if (all.isEmpty()) {
        throw new BackupNotFoundException("no complete backup in " + store.location());
      }
      return all.get(0);
    }
    return all.stream()
        .filter(b -> b.id().equals(request.backupId()))
        .findFirst()
        .orElseThrow(
            () ->
                new BackupNotFoundException(
                    "no complete backup with id "
                        + request.backupId()
                        + " in "
                        + store.location()
                        + " (complete: "
                        + all.stream()
                            .map(BackupRecord::id)
                            .limit(5)
                            .collect(Collectors.joining(", "))
                        + (all.size() > 5 ? ", ..." : "")
                        + ")"));
  }

  /**
   * Applies the retention policy: deletes the backups it does not keep (never the newest complete
   * one), data objects that have no manifest, and incomplete uploads. Takes the store's lock, so it
   * never races a running backup.
   *
   * @param dryRun true to only report what would be deleted
   * @return what was kept and deleted
   */
  public PruneResult prune(boolean dryRun) {
    try (StoreLock lock =
        StoreLock.acquire(
            store,
            LOCK_OBJECT,
            "prune-" + ID_TIME.format(clock.instant()),
            clock,
            staleLockAfter,
            events(""))) {
      BackupCatalog catalog = BackupCatalog.read(store);
      List<BackupRecord> complete = catalog.complete();
      Set<String> keep = retention.keep(complete, clock.instant());
      List<BackupRecord> kept = complete.stream().filter(b -> keep.contains(b.id())).toList();
      List<BackupRecord> deleted = complete.stream().filter(b -> !keep.contains(b.id())).toList();
      List<String> orphans = new ArrayList<>(catalog.orphans());
      List<String> incomplete =
          store.incompleteWrites().stream().filter(BackupCatalog::isBackupName).toList();
      orphans.addAll(incomplete);
      events("")
          .emit(
              Phase.PRUNE,
              0,
              0,
              (dryRun ? "would delete " : "deleting ")
                  + deleted.size()
                  + " backup(s) and "
                  + orphans.size()
                  + " orphan(s), keeping "
                  + kept.size()
                  + " ("
                  + retention
                  + ")");
      if (!dryRun) {
        for (BackupRecord backup : deleted) {
          // Manifest first: from then on the backup no longer looks complete, even if the data
          // delete fails.
          store.delete(backup.manifestObject());
          store.delete(backup.dataObject());
          LOG.info("deleted backup {} ({})", backup.id(), backup.createdAt());
        }
        for (String orphan : catalog.orphans()) {
          store.delete(orphan);
          LOG.info("deleted orphan {}{}", store.location(), orphan);
        }
        store.abortIncompleteWrites(BackupCatalog::isBackupName);
      }
      events("").emit(Phase.DONE, 0, 0, "prune finished");
      return new PruneResult(dryRun, kept, deleted, orphans);
    }
  }

  private Events events(String backupId) {
    return new Events(listener, backupId);
  }

  @Override
  public String toString() {
    return "RedashBackup["
        + database
        + " -> "
        + store.location()
        + ", "
        + format
        + "/"
        + compression
        + ", retention "
        + retention
        + (secretKey == null ? "" : ", secret key " + secretKey.fingerprint())
        + "]";
  }

  /** Sends progress events to the listener, never letting it fail the work. */
  static final class Events {
    private final BackupListener listener;
    private final String backupId;

    Events(BackupListener listener, String backupId) {
      // composite() is what catches and logs a listener that throws.
      this.listener = BackupListener.composite(listener);
      this.backupId = backupId;
    }

    void emit(Phase phase, long dumped, long stored, String message) {
      listener.onProgress(new ProgressEvent(phase, backupId, dumped, stored, message));
    }
  }

  static void closeQuietly(@Nullable AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("closing {} failed: {}", c, e.toString());
      }
    }
  }

  /** Builds a {@link RedashBackup}. */
  public static final class Builder {
    private @Nullable RedashDatabase database;
    private @Nullable BackupStore store;
    private Compression compression = Compression.GZIP;
    private DumpFormat format = DumpFormat.PLAIN;
    private RetentionPolicy retention = RetentionPolicy.keepAll();
    private BackupListener listener = BackupListener.NONE;
    private @Nullable SecretKey secretKey;
    private Clock clock = Clock.systemUTC();
    private Duration staleLockAfter = Duration.ofHours(6);

    private Builder() {}

    /**
     * The Redash database. Required.
     *
     * @param database the database
     * @return this builder
     */
    public Builder database(RedashDatabase database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /**
     * Where backups go. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(BackupStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The compression; {@link Compression#GZIP} by default.
     *
     * @param compression the compression
     * @return this builder
     */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The pg_dump format; {@link DumpFormat#PLAIN} by default.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(DumpFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * The retention policy {@link #prune} applies; {@link RetentionPolicy#keepAll()} by default.
     *
     * @param retention the policy
     * @return this builder
     */
    public Builder retention(RetentionPolicy retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Receives progress events.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(BackupListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Redash's secret key: backups record its fingerprint after proving it decrypts the data-source
     * options, restores refuse a backup taken with another key.
     *
     * @param secretKey the key, or null for none (restores then warn)
     * @return this builder
     */
    public Builder secretKey(@Nullable SecretKey secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /**
     * The clock, for backup ids and retention.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How old a lock must be before it is taken for a crashed run's and removed; 6 hours by
     * default.
     *
     * @param age the age
     * @return this builder
     */
    public Builder staleLockAfter(Duration age) {
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("staleLockAfter must be positive, got " + age);
      }
      this.staleLockAfter = age;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the instance
     * @throws NullPointerException when the database or the store is missing
     */
    public RedashBackup build() {
      return new RedashBackup(this);
    }
  }
}
