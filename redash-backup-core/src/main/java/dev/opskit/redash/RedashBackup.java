package dev.opskit.redash;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.backup.ServerFingerprint;
import dev.opskit.redash.internal.pg.SqlSession;
import dev.opskit.redash.internal.restore.Databases;
import dev.opskit.redash.internal.stream.Codecs;
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
 * <p>Each install is an <em>instance</em> with a folder of its own in the store ({@link
 * Builder#instance}); each backup records its source (instance, database, server), and listing,
 * retention and restores work per source, so installs can share a bucket prefix safely.
 *
 * <p>Instances are immutable and thread-safe; overlapping backups and prunes of one instance are
 * refused by a renewed lock in the store.
 */
public final class RedashBackup {
  private static final Logger LOG = LoggerFactory.getLogger(RedashBackup.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  static final String MANIFEST_SUFFIX = ".manifest.json";

  private final RedashDatabase database;
  private final String instance;
  private final BackupStore store;
  private final Compression compression;
  private final DumpFormat format;
  private final RetentionPolicy retention;
  private final BackupListener listener;
  private final @Nullable SecretKey secretKey;
  private final Clock clock;
  private final Duration staleLockAfter;
  private final Duration sessionPatience;

  private RedashBackup(Builder b) {
    this.database = Objects.requireNonNull(b.database, "database");
    this.store = Objects.requireNonNull(b.store, "store");
    this.instance =
        b.instance != null ? b.instance : SourceIdentity.defaultInstance(database.name());
    this.compression = b.compression;
    this.format = b.format;
    this.retention = b.retention;
    this.listener = b.listener;
    this.secretKey = b.secretKey;
    this.clock = b.clock;
    this.staleLockAfter = b.staleLockAfter;
    this.sessionPatience = b.sessionPatience;
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
   * The instance name: the store folder this install's backups live in.
   *
   * @return the name given to the builder, or the database's name made folder-safe
   */
  public String instance() {
    return instance;
  }

  /**
   * Takes a backup: checks pg_dump against the server, dumps in one snapshot, streams to the store,
   * checks the stored object and the lock, then writes the manifest.
   *
   * @return the complete backup
   * @throws BackupInProgressException when another backup or prune of this instance holds the lock
   * @throws PgToolException when pg_dump is missing or older than the server
   * @throws SecretKeyMismatchException when a secret key was given and does not decrypt the data
   * @throws BackupFailedException when the dump or the upload failed, or this run lost its lock
   *     (nothing complete-looking is left)
   */
  public BackupRecord backup() {
    Instant started = clock.instant();
    String id = "redash-" + ID_TIME.format(started);
    Events events = events(id);
    try (StoreLock lock =
        StoreLock.acquire(store, instance, runId(id), "backup", clock, staleLockAfter, events)) {
      BackupRecord record =
          new BackupRun(database, instance, store, compression, format, secretKey, events)
              .run(id, started, clock, lock);
      LOG.info(
          "backup {} of {} complete: {} bytes dumped, {} stored in {}",
          id,
          record.source(),
          record.dumpBytes(),
          record.storedBytes(),
          store.location());
      return record;
    }
  }

  /**
   * What the store holds for this instance, read without touching the database server: every backup
   * with its {@link BackupState} (damaged ones included), orphans and unreadable manifests.
   *
   * @return the catalog, newest first
   */
  public BackupCatalog catalog() {
    return BackupCatalog.read(store, instance);
  }

  /**
   * The complete backups of this source: this instance, this database, this server (asked once per
   * call). Backups whose data is damaged or missing are not listed; {@link #catalog()} shows them.
   *
   * @return the backups, newest first
   */
  public List<BackupRecord> list() {
    return catalog().complete(currentSource());
  }

  /**
   * The newest complete backup of this source.
   *
   * @return it, or empty when the store holds none
   */
  public Optional<BackupRecord> latest() {
    List<BackupRecord> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * This install as backups record it: instance, database and the server's system identifier.
   *
   * @return the identity
   */
  public SourceIdentity currentSource() {
    String serverId;
    try (SqlSession sql = openAnyDatabase()) {
      serverId = ServerFingerprint.systemIdentifier(sql);
    }
    return new SourceIdentity(instance, database.name(), serverId);
  }

  /** A session on the database, or on the server's maintenance database when it does not exist. */
  private SqlSession openAnyDatabase() {
    try {
      return SqlSession.open(database.endpoint(), database.name());
    } catch (RedashBackupException e) {
      try {
        return SqlSession.open(database.endpoint(), Databases.maintenanceDatabase(database.name()));
      } catch (RedashBackupException second) {
        e.addSuppressed(second);
        throw e;
      }
    }
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
    return restoreRun(backup.id()).verify(backup);
  }

  /**
   * Restores a backup into a new database, checks it, swaps it in by rename (terminating Redash's
   * sessions), keeps the replaced database under a dated name, and re-applies the reader role's
   * password and grants. An earlier restore into the same database that was interrupted (a killed
   * process, a lost connection) is finished or undone first.
   *
   * @param request what to restore where
   * @return the outcome, with warnings that need a human
   * @throws BackupNotFoundException when no complete backup of this source matches
   * @throws SourceMismatchException when the backup asked for is another source's and the request
   *     does not {@link RestoreRequest#allowOtherSource allow} it
   * @throws ChecksumMismatchException when the stored bytes are damaged (checked before anything
   *     touches the server)
   * @throws SecretKeyMismatchException when the configured secret key does not belong to the backup
   * @throws RestoreFailedException when loading, checking or swapping failed; {@link
   *     RestoreFailedException#targetChanged()} says whether the target database was changed
   */
  public RestoreResult restore(RestoreRequest request) {
    BackupRecord backup = resolve(request);
    return restoreRun(backup.id()).restore(backup, request);
  }

  /**
   * Finishes or undoes restores that were interrupted (a killed process, a lost connection): a
   * restore whose swap had happened gets its grants and its replaced database's connections back;
   * one whose swap had not has its target reopened and its loaded copy dropped. Restores still
   * running are left alone. {@link #restore} does the same for its own target first.
   *
   * @return what was finished or undone
   */
  public List<String> recover() {
    return restoreRun("").recover(null).stream()
        .map(
            r ->
                (r.finished() ? "finished" : "undid")
                    + " the restore into "
                    + r.target()
                    + " (loaded copy "
                    + r.restoredDatabase()
                    + (r.previousDatabase() == null
                        ? ""
                        : ", previous kept as " + r.previousDatabase())
                    + ")")
        .toList();
  }

  private RestoreRun restoreRun(String backupId) {
    return new RestoreRun(database, store, secretKey, clock, sessionPatience, events(backupId));
  }

  private BackupRecord resolve(RestoreRequest request) {
    String folder = request.instance() != null ? request.instance() : instance;
    BackupCatalog catalog = BackupCatalog.read(store, folder);
    SourceIdentity self = currentSource();
    if (request.backupId() == null) {
      List<BackupRecord> candidates =
          request.otherSourceAllowed() ? catalog.complete() : catalog.complete(self);
      if (candidates.isEmpty()) {
        throw new BackupNotFoundException(notFound("no complete backup of " + self, catalog));
      }
      return candidates.get(0);
    }
    CatalogEntry entry =
        catalog.entries().stream()
            .filter(e -> e.backup().id().equals(request.backupId()))
            .findFirst()
            .orElseThrow(
                () ->
                    new BackupNotFoundException(
                        notFound("no backup with id " + request.backupId(), catalog)));
    BackupRecord backup = entry.backup();
    if (!entry.complete()) {
      throw new ChecksumMismatchException(
          "backup "
              + backup.id()
              + " cannot be restored: "
              + entry.problem()
              + "; nothing was restored from it",
          backup.dataObject(),
          backup.storedBytes(),
          entry.storedSize(),
          backup.sha256(),
          null);
    }
    if (!self.sameSourceAs(backup.source()) && !request.otherSourceAllowed()) {
      throw new SourceMismatchException(
          "backup "
              + backup.id()
              + " is of "
              + backup.source()
              + ", not of this install, "
              + self
              + "; nothing was restored. To restore it anyway (a new server, a server after"
              + " pg_upgrade), use RestoreRequest.allowOtherSource(true)",
          self,
          backup.source());
    }
    return backup;
  }

  private String notFound(String what, BackupCatalog catalog) {
    StringBuilder message =
        new StringBuilder(what)
            .append(" in ")
            .append(store.location())
            .append(instance)
            .append('/');
    List<BackupRecord> others = catalog.complete();
    if (!others.isEmpty()) {
      message
          .append("; the folder holds ")
          .append(others.size())
          .append(" complete backup(s) of other sources, newest ")
          .append(others.get(0).id())
          .append(" of ")
          .append(others.get(0).source())
          .append(" (RestoreRequest.allowOtherSource(true) restores it)");
    }
    if (!catalog.damaged().isEmpty()) {
      message.append("; damaged: ").append(catalog.damaged().size());
    }
    return message.toString();
  }

  /**
   * Applies the retention policy to each source in this instance's folder: deletes the complete
   * backups it does not keep (never the newest complete backup of a source), data objects without a
   * manifest, manifests without data, and incomplete uploads. Damaged backups are reported and left
   * alone; they never count. Takes the instance's lock, so it never races a running backup.
   *
   * @param dryRun true to only report what would be deleted
   * @return what was kept and deleted
   */
  public PruneResult prune(boolean dryRun) {
    Instant now = clock.instant();
    Events events = events("");
    try (StoreLock lock =
        StoreLock.acquire(
            store,
            instance,
            runId("prune-" + ID_TIME.format(now)),
            "prune",
            clock,
            staleLockAfter,
            events)) {
      BackupCatalog catalog = BackupCatalog.read(store, instance);
      List<BackupRecord> kept = new ArrayList<>();
      List<BackupRecord> deleted = new ArrayList<>();
      for (List<BackupRecord> ofOneSource : catalog.completeBySource().values()) {
        Set<String> keep = retention.keep(ofOneSource, now);
        for (BackupRecord backup : ofOneSource) {
          (keep.contains(backup.id()) ? kept : deleted).add(backup);
        }
      }
      List<String> orphans = new ArrayList<>(catalog.orphans());
      catalog.damaged().stream()
          .filter(e -> e.state() == BackupState.DATA_MISSING)
          .forEach(e -> orphans.add(e.backup().manifestObject()));
      store.incompleteWrites().stream().filter(this::ours).forEach(orphans::add);
      List<CatalogEntry> damaged =
          catalog.damaged().stream().filter(e -> e.state() == BackupState.DAMAGED).toList();
      damaged.forEach(
          e ->
              LOG.warn(
                  "backup {} is damaged ({}): it is kept for inspection and never counted; delete"
                      + " it by hand",
                  e.backup().id(),
                  e.problem()));
      events.emit(
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
              + ")"
              + (damaged.isEmpty() ? "" : "; " + damaged.size() + " damaged, left alone"));
      if (!dryRun) {
        for (BackupRecord backup : deleted) {
          lock.ensureHeld();
          // Manifest first: from then on the backup no longer looks complete, even if the data
          // delete fails.
          store.delete(backup.manifestObject());
          store.delete(backup.dataObject());
          LOG.info("deleted backup {} ({})", backup.id(), backup.createdAt());
        }
        lock.ensureHeld();
        for (String orphan : catalog.orphans()) {
          store.delete(orphan);
          LOG.info("deleted orphan {}{}", store.location(), orphan);
        }
        for (CatalogEntry e : catalog.damaged()) {
          if (e.state() == BackupState.DATA_MISSING) {
            store.delete(e.backup().manifestObject());
            LOG.info("deleted the manifest of {}, whose data is missing", e.backup().id());
          }
        }
        store.abortIncompleteWrites(this::ours);
      }
      kept.sort(NEWEST_FIRST);
      deleted.sort(NEWEST_FIRST);
      events.emit(Phase.DONE, 0, 0, "prune finished");
      return new PruneResult(dryRun, kept, deleted, orphans, damaged);
    }
  }

  private static final java.util.Comparator<BackupRecord> NEWEST_FIRST =
      java.util.Comparator.comparing(BackupRecord::createdAt)
          .thenComparing(BackupRecord::id)
          .reversed();

  /** Whether an object name is one of this instance's backup objects. */
  private boolean ours(String name) {
    return name.startsWith(instance + "/") && BackupCatalog.isBackupName(name);
  }

  /** A run id unique even for two runs of one JVM started in the same millisecond. */
  private static String runId(String base) {
    return base + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private Events events(String backupId) {
    return new Events(listener, backupId);
  }

  @Override
  public String toString() {
    return "RedashBackup["
        + instance
        + ": "
        + database
        + " -> "
        + store.location()
        + instance
        + "/, "
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
    private Duration staleLockAfter = Duration.ofMinutes(10);
    private Duration sessionPatience = Duration.ofSeconds(30);
    private @Nullable String instance;

    private Builder() {}

    /**
     * Names this Redash install: its backups live in the store folder of that name, and its lock,
     * retention and restores stay inside it. Give each install that shares a bucket prefix or a
     * folder its own name, such as {@code prod} and {@code staging}. By default the database's name
     * (lowercase, characters other than letters, digits, {@code . _ -} replaced by {@code -}).
     *
     * @param instance 1 to 63 lowercase letters, digits, {@code .}, {@code _} or {@code -},
     *     starting with a letter or digit
     * @return this builder
     * @throws IllegalArgumentException when the name is not valid
     */
    public Builder instance(String instance) {
      this.instance = SourceIdentity.requireValidInstance(instance);
      return this;
    }

    /**
     * How long a restore waits for sessions on the databases it swaps to end (terminated when
     * allowed) before it gives up and puts everything back; 30 seconds by default.
     *
     * @param patience the wait
     * @return this builder
     */
    public Builder sessionPatience(Duration patience) {
      if (patience.isNegative()) {
        throw new IllegalArgumentException("sessionPatience must not be negative, got " + patience);
      }
      this.sessionPatience = patience;
      return this;
    }

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
     * The clock, for backup ids, retention and lock renewal.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a lock may go unrenewed before another run takes it over; 10 minutes by default. A
     * running backup or prune renews its lock every quarter of this and stops when it could not for
     * half of it, so this only needs to cover pauses of the whole process (a suspended VM). A lock
     * whose process is provably gone from this host is taken over at once.
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
     * @throws IllegalStateException when {@link Compression#ZSTD} is chosen without zstd-jni on the
     *     class path (the message names the dependency to add)
     */
    public RedashBackup build() {
      Codecs.requireAvailable(compression);
      return new RedashBackup(this);
    }
  }
}
