package dev.opskit.redash;

import static dev.opskit.redash.internal.restore.RedashSchema.identifier;
import static dev.opskit.redash.internal.restore.RedashSchema.literal;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgProcess;
import dev.opskit.redash.internal.pg.SqlSession;
import dev.opskit.redash.internal.restore.Databases;
import dev.opskit.redash.internal.restore.ReaderGrants;
import dev.opskit.redash.internal.restore.RedashSchema;
import dev.opskit.redash.internal.stream.Codecs;
import dev.opskit.redash.internal.stream.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

/** Test restores and real restores: checksum, load into a new database, check, swap, grants. */
final class RestoreRun {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private final RedashDatabase database;
  private final BackupStore store;
  private final @Nullable SecretKey secretKey;
  private final Clock clock;
  private final RedashBackup.Events events;
  private final PgEndpoint endpoint;

  RestoreRun(
      RedashDatabase database,
      BackupStore store,
      @Nullable SecretKey secretKey,
      Clock clock,
      RedashBackup.Events events) {
    this.database = database;
    this.store = store;
    this.secretKey = secretKey;
    this.clock = clock;
    this.events = events;
    this.endpoint = database.endpoint();
  }

  VerifyResult verify(BackupRecord backup) {
    Instant started = clock.instant();
    checksum(backup);
    String scratch = Databases.derivedName(database.name(), "_verify_" + SUFFIX.format(started));
    List<String> problems = new ArrayList<>();
    Map<String, Long> counts = Map.of();
    boolean keyChecked = false;
    try (SqlSession admin = SqlSession.open(endpoint, Databases.maintenanceDatabase(scratch))) {
      prepareRoles(admin);
      Databases.createDatabase(admin, scratch, database.name(), database.owner());
      try {
        load(backup, scratch);
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
    checksum(backup);
    String suffix = SUFFIX.format(started);
    String staging = Databases.derivedName(target, "_restore_" + suffix);
    String previous = null;
    Map<String, Long> counts;
    try (SqlSession admin = SqlSession.open(endpoint, Databases.maintenanceDatabase(target))) {
      prepareRoles(admin);
      Databases.createDatabase(
          admin,
          staging,
          Databases.databaseExists(admin, target) ? target : database.name(),
          database.owner());
      try {
        load(backup, staging);
        events.emit(Phase.CHECK, 0, 0, "checking " + staging + " against the manifest");
        try (SqlSession sql = SqlSession.open(endpoint, staging)) {
          counts = RedashSchema.rowCounts(sql);
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
        }
      } catch (RuntimeException e) {
        Databases.dropDatabase(admin, staging);
        throw asRestoreFailure(e, target);
      }

      events.emit(Phase.SWAP, 0, 0, "swapping " + staging + " in as " + target);
      String previousAlembic = null;
      if (Databases.databaseExists(admin, target)) {
        try (SqlSession old = SqlSession.open(endpoint, target)) {
          previousAlembic = RedashSchema.alembicVersion(old).orElse(null);
        } catch (RuntimeException e) {
          LOG.debug("could not read the alembic revision of {}: {}", target, e.toString());
        }
        previous = Databases.derivedName(target, "_before_" + suffix);
        try {
          Databases.swapOut(admin, target, previous, request.terminate());
        } catch (RuntimeException e) {
          Databases.dropDatabase(admin, staging);
          throw asRestoreFailure(e, target);
        }
      }
      try {
        // The load's and the check's sessions may still be leaving pg_stat_activity.
        Databases.awaitNoSessions(admin, staging);
        admin.execute("ALTER DATABASE " + identifier(staging) + " RENAME TO " + identifier(target));
      } catch (RuntimeException e) {
        if (previous != null) {
          admin.execute(
              "ALTER DATABASE " + identifier(previous) + " RENAME TO " + identifier(target));
        }
        Databases.dropDatabase(admin, staging);
        throw asRestoreFailure(e, target);
      }

      events.emit(Phase.GRANTS, 0, 0, "re-applying the grants of " + database.readerRole());
      String password = request.readerPasswordValue();
      try {
        try (SqlSession restored = SqlSession.open(endpoint, target)) {
          ReaderGrants.apply(restored, target, database.readerRole());
        }
        if (password != null) {
          ReaderGrants.setPassword(admin, database.readerRole(), password);
        }
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
                + "; apply them by hand or restore again",
            e);
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
      if (previous != null && !request.keepPrevious()) {
        Databases.dropDatabase(admin, previous);
        previous = null;
      }
    }
    warnings.forEach(w -> LOG.warn("restore of {}: {}", backup.id(), w));
    events.emit(Phase.DONE, 0, backup.storedBytes(), "restored " + backup.id() + " into " + target);
    return new RestoreResult(
        backup, target, previous, counts, warnings, Duration.between(started, clock.instant()));
  }

  private static RestoreFailedException asRestoreFailure(RuntimeException e, String target) {
    if (e instanceof ChecksumMismatchException
        || (e instanceof RestoreFailedException r0 && r0.getMessage().contains("left untouched"))) {
      return (RestoreFailedException) e;
    }
    if (e instanceof RestoreFailedException) {
      return new RestoreFailedException(
          e.getMessage() + "; database " + target + " was left untouched", e);
    }
    if (e instanceof SecretKeyMismatchException) {
      throw e;
    }
    return new RestoreFailedException(
        e.getMessage() + "; database " + target + " was left untouched", e);
  }

  private void checksum(BackupRecord backup) {
    events.emit(Phase.CHECKSUM, 0, 0, "checking the SHA-256 of " + backup.dataObject());
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
              + "; nothing was restored from it");
    }
  }

  private void load(BackupRecord backup, String into) {
    events.emit(Phase.RESTORE, 0, 0, "loading " + backup.dataObject() + " into " + into);
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
          List.of(
              "--exit-on-error",
              "--single-transaction",
              "--no-owner",
              "--role=" + database.owner()));
    }
    Metered read = Metered.hashing();
    Metered restored = Metered.counting();
    try (PgProcess process =
        PgProcess.start(tool, endpoint.command(tool, into, args), endpoint.processEnvironment())) {
      Thread drain =
          new Thread(
              () -> {
                try (InputStream out = process.checkedStdout()) {
                  out.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                  // the exit status tells
                }
              },
              "opskit-" + tool + "-stdout");
      drain.setDaemon(true);
      drain.start();
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
            events.emit(Phase.RESTORE, reported, read.bytes(), "loading " + into);
          }
        }
      } catch (IOException e) {
        feedFailure = e;
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new RestoreFailedException(
            "loading "
                + backup.id()
                + " into the new database "
                + into
                + " failed: "
                + process.failureMessage(exit));
      }
      if (feedFailure != null) {
        throw new RestoreFailedException(
            "reading "
                + backup.dataObject()
                + " failed while loading it: "
                + feedFailure.getMessage(),
            feedFailure);
      }
      if (!read.sha256().equals(backup.sha256())) {
        throw new ChecksumMismatchException(
            store.location()
                + backup.dataObject()
                + " changed while it was being restored (SHA-256 differs from the manifest's)");
      }
    }
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
