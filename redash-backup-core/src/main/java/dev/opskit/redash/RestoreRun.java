package dev.opskit.redash;

import static dev.opskit.redash.internal.restore.RedashSchema.literal;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgNames;
import dev.opskit.redash.internal.pg.SqlSession;
import dev.opskit.redash.internal.restore.Databases;
import dev.opskit.redash.internal.restore.LoadStep;
import dev.opskit.redash.internal.restore.ReaderGrants;
import dev.opskit.redash.internal.restore.RedashSchema;
import dev.opskit.redash.internal.restore.RestoreGuard;
import dev.opskit.redash.internal.restore.SwapJournal;
import dev.opskit.redash.internal.restore.SwapStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test restores and real restores, as steps: guard (one restore per target; recover an earlier,
 * interrupted one), checksum, load into a new database, check, swap ({@link SwapStep}), grants,
 * finish.
 */
final class RestoreRun {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private final RedashDatabase database;
  private final @Nullable SecretKey secretKey;
  private final Clock clock;
  private final Duration patience;
  private final RedashBackup.Events events;
  private final PgEndpoint endpoint;
  private final LoadStep loader;

  RestoreRun(
      RedashDatabase database,
      BackupStore store,
      @Nullable SecretKey secretKey,
      Clock clock,
      Duration patience,
      RedashBackup.Events events) {
    this.database = database;
    this.secretKey = secretKey;
    this.clock = clock;
    this.patience = patience;
    this.events = events;
    this.endpoint = database.endpoint();
    this.loader = new LoadStep(endpoint, store, events::emit);
  }

  VerifyResult verify(BackupRecord backup) {
    Instant started = clock.instant();
    loader.checksum(backup);
    String scratch = PgNames.withSuffix(database.name(), "_verify_" + SUFFIX.format(started));
    List<String> problems = new ArrayList<>();
    Map<String, Long> counts = Map.of();
    boolean keyChecked = false;
    try (RestoreGuard guard = RestoreGuard.acquire(endpoint, scratch);
        SqlSession admin = SqlSession.open(endpoint, Databases.maintenanceDatabase(scratch))) {
      prepareRoles(admin);
      Databases.createDatabase(admin, scratch, database.name(), database.owner());
      try {
        // Journaled like a restore, so that a verify killed midway leaves nothing behind for long.
        admin.execute(
            Databases.commentSql(
                scratch,
                new SwapJournal(
                        "verify", backup.id(), scratch, scratch, null, "loading", true, null, false)
                    .toComment()));
        loader.load(backup, scratch, database.owner());
        try (SqlSession sql = SqlSession.open(endpoint, scratch)) {
          counts = RedashSchema.rowCounts(sql);
          problems.addAll(compare(backup, counts, RedashSchema.alembicVersion(sql).orElse(null)));
          if (secretKey != null) {
            try {
              BackupRun.checkSecretKey(sql, secretKey, "backup " + backup.id());
              keyChecked = true;
            } catch (SecretKeyMismatchException e) {
              problems.add(e.getMessage());
            }
          }
        }
      } catch (RestoreFailedException e) {
        problems.add(e.getMessage());
      } finally {
        Databases.dropDatabase(admin, scratch);
      }
    }
    events.emit(
        Phase.DONE,
        0,
        backup.storedBytes(),
        "verified "
            + backup.id()
            + (problems.isEmpty() ? ": ok" : ": " + problems.size() + " problem(s)"));
    return new VerifyResult(
        backup, counts, keyChecked, problems, Duration.between(started, clock.instant()));
  }

  RestoreResult restore(BackupRecord backup, RestoreRequest request) {
    Instant started = clock.instant();
    String target = Objects.requireNonNullElse(request.database(), database.name());
    List<String> warnings = new ArrayList<>();
    checkKeyFingerprint(backup);
    loader.checksum(backup);
    String suffix = SUFFIX.format(started);
    String staging = PgNames.withSuffix(target, "_restore_" + suffix);
    SwapJournal journal =
        new SwapJournal(
            "restore",
            backup.id() + "@" + suffix,
            target,
            staging,
            null,
            "loading",
            true,
            null,
            request.keepPrevious());
    Map<String, Long> counts;
    String previousAlembic = null;
    try (RestoreGuard guard = RestoreGuard.acquire(endpoint, target);
        SqlSession admin = SqlSession.open(endpoint, Databases.maintenanceDatabase(target))) {
      recoverJournals(admin, target);
      prepareRoles(admin);
      boolean targetExists = Databases.databaseExists(admin, target);
      if (targetExists) {
        previousAlembic = alembicOf(target);
      }
      Databases.createDatabase(
          admin, staging, targetExists ? target : database.name(), database.owner());
      try {
        admin.execute(Databases.commentSql(staging, journal.toComment()));
        loader.load(backup, staging, database.owner());
        counts = check(backup, staging, warnings);
      } catch (RuntimeException e) {
        Databases.dropDatabase(admin, staging);
        throw untouched(e, target, staging);
      }

      events.emit(Phase.SWAP, 0, 0, "swapping " + staging + " in as " + target);
      SwapStep swap = new SwapStep(admin, events::emit, patience);
      SwapJournal swapped =
          swap.swap(journal, PgNames.withSuffix(target, "_before_" + suffix), request.terminate());
      String previous = swapped.previous();

      events.emit(Phase.GRANTS, 0, 0, "re-applying the grants of " + database.readerRole());
      String password = request.readerPasswordValue();
      try {
        regrant(target);
        if (password != null) {
          ReaderGrants.setPassword(admin, database.readerRole(), password);
        }
        swap.finish(swapped);
      } catch (RuntimeException e) {
        // The swap is done: say so, and where the previous database is, rather than "untouched".
        throw new RestoreFailedException(
            "backup "
                + backup.id()
                + " was restored into "
                + target
                + (previous == null ? "" : " (the previous database is kept as " + previous + ")")
                + ", but re-applying the grants or password of "
                + database.readerRole()
                + " failed: "
                + e.getMessage()
                + "; apply them by hand, or run RedashBackup.recover() (grants) and set the"
                + " password",
            e,
            target,
            staging,
            previous,
            true,
            null);
      }
      if (password == null) {
        warnings.add(
            "no reader password given: the role "
                + database.readerRole()
                + " keeps its old password (or cannot log in if it was just created); set it with"
                + " RestoreRequest.readerPassword(...) to match Redash's metadata data source");
      }
      String expected =
          request.expectedAlembic() != null ? request.expectedAlembic() : previousAlembic;
      if (expected != null && !expected.equals(backup.alembicVersion())) {
        warnings.add(
            "backup "
                + backup.id()
                + " is at alembic revision "
                + backup.alembicVersion()
                + " but the running Redash expects "
                + expected
                + ": run `manage db upgrade` (docker compose run --rm server manage db upgrade) before"
                + " starting Redash");
      }
      warnings.forEach(w -> LOG.warn("restore of {}: {}", backup.id(), w));
      events.emit(
          Phase.DONE, 0, backup.storedBytes(), "restored " + backup.id() + " into " + target);
      return new RestoreResult(
          backup,
          target,
          request.keepPrevious() ? previous : null,
          counts,
          warnings,
          Duration.between(started, clock.instant()));
    }
  }

  /**
   * Finishes or undoes interrupted restores into the target (or every target, when null) whose runs
   * are gone.
   */
  List<SwapStep.Recovery> recover(@Nullable String onlyTarget) {
    List<SwapStep.Recovery> done = new ArrayList<>();
    List<Databases.Journaled> journals;
    try (SqlSession any =
        SqlSession.open(endpoint, Databases.maintenanceDatabase(database.name()))) {
      journals = Databases.journals(any);
    }
    for (Databases.Journaled found : journals) {
      String target = found.journal().target();
      if (onlyTarget != null && !onlyTarget.equals(target)) {
        continue;
      }
      var guard = RestoreGuard.tryAcquire(endpoint, target);
      if (guard.isEmpty()) {
        LOG.info("a restore into {} is running; its journal is left to it", target);
        continue;
      }
      try (RestoreGuard held = guard.get();
          SqlSession admin = SqlSession.open(endpoint, Databases.maintenanceDatabase(target))) {
        SwapStep.Recovery recovery = SwapStep.recover(admin, found, this::regrant);
        if (recovery != null) {
          done.add(recovery);
        }
      }
    }
    return done;
  }

  private void recoverJournals(SqlSession admin, String target) {
    for (Databases.Journaled found : Databases.journals(admin)) {
      if (found.journal().target().equals(target)) {
        SwapStep.recover(admin, found, this::regrant);
      }
    }
  }

  private void regrant(String db) {
    try (SqlSession restored = SqlSession.open(endpoint, db)) {
      ReaderGrants.apply(restored, db, database.readerRole());
    }
  }

  private @Nullable String alembicOf(String db) {
    try (SqlSession old = SqlSession.open(endpoint, db)) {
      return RedashSchema.alembicVersion(old).orElse(null);
    } catch (RuntimeException e) {
      LOG.debug("could not read the alembic revision of {}: {}", db, e.toString());
      return null;
    }
  }

  private Map<String, Long> check(BackupRecord backup, String staging, List<String> warnings) {
    events.emit(Phase.CHECK, 0, 0, "checking " + staging + " against the manifest");
    try (SqlSession sql = SqlSession.open(endpoint, staging)) {
      Map<String, Long> counts = RedashSchema.rowCounts(sql);
      List<String> problems =
          compare(backup, counts, RedashSchema.alembicVersion(sql).orElse(null));
      if (!problems.isEmpty()) {
        throw new RestoreFailedException(
            "the restored copy of "
                + backup.id()
                + " does not match its manifest: "
                + String.join("; ", problems));
      }
      if (secretKey != null) {
        BackupRun.checkSecretKey(sql, secretKey, "backup " + backup.id());
      } else {
        warnings.add(
            "no Redash secret key was given, so nothing proved the data-source options decrypt;"
                + " restore REDASH_SECRET_KEY together with the database");
      }
      return counts;
    }
  }

  private void checkKeyFingerprint(BackupRecord backup) {
    if (secretKey != null
        && backup.secretKeyFingerprint() != null
        && !secretKey.fingerprint().equals(backup.secretKeyFingerprint())) {
      throw new SecretKeyMismatchException(
          "backup "
              + backup.id()
              + " was taken with the secret key whose fingerprint is "
              + backup.secretKeyFingerprint()
              + ", the configured key's is "
              + secretKey.fingerprint()
              + "; restoring would leave Redash unable to decrypt its data sources. Nothing was"
              + " restored.");
    }
  }

  /** A failure before the swap: the target was never touched and the copy is dropped. */
  private static RuntimeException untouched(RuntimeException e, String target, String staging) {
    if (e instanceof SecretKeyMismatchException || e instanceof ChecksumMismatchException) {
      return e;
    }
    return new RestoreFailedException(
        e.getMessage() + "; database " + target + " was left untouched",
        e,
        target,
        staging,
        null,
        false,
        null);
  }

  private static List<String> compare(
      BackupRecord backup, Map<String, Long> counts, @Nullable String alembic) {
    List<String> problems = new ArrayList<>();
    TreeSet<String> missing = new TreeSet<>(backup.rowCounts().keySet());
    missing.removeAll(counts.keySet());
    TreeSet<String> extra = new TreeSet<>(counts.keySet());
    extra.removeAll(backup.rowCounts().keySet());
    if (!missing.isEmpty()) {
      problems.add("tables missing after restore: " + missing);
    }
    if (!extra.isEmpty()) {
      problems.add("tables not in the manifest: " + extra);
    }
    backup
        .rowCounts()
        .forEach(
            (table, expected) -> {
              Long actual = counts.get(table);
              if (actual != null && !actual.equals(expected)) {
                problems.add(table + " has " + actual + " rows, the manifest says " + expected);
              }
            });
    if (!Objects.equals(alembic, backup.alembicVersion())) {
      problems.add(
          "alembic revision is " + alembic + ", the manifest says " + backup.alembicVersion());
    }
    return problems;
  }

  private void prepareRoles(SqlSession admin) {
    boolean ownerExists =
        admin
            .queryValue(
                "SELECT count(*) FROM pg_roles WHERE rolname = " + literal(database.owner()))
            .map(v -> !v.equals("0"))
            .orElse(false);
    if (!ownerExists) {
      throw new RestoreFailedException(
          "the owner role "
              + database.owner()
              + " does not exist on "
              + endpoint
              + "; create it (the role Redash connects as) or name another with RedashDatabase.withOwner(...)");
    }
    ReaderGrants.ensureRoleExists(admin, database.readerRole());
  }
}
