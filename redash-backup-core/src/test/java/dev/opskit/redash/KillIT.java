package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.redash.fixture.Child;
import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.redash.fixture.TinyRedash;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup or restore killed with SIGKILL at every step boundary, in a JVM of its own: afterwards
 * the target database exists under its name, {@link RedashBackup#list()} tells the truth, the dead
 * run's lock is taken over at once, and {@link RedashBackup#recover()} finishes or undoes the
 * restore.
 */
class KillIT {
  private static final String INSTANCE = "kill";
  private final TestDatabase db;
  @TempDir Path dir;
  private Path store;

  KillIT(@Postgres TestDatabase db) throws Exception {
    this.db = db;
    TinyRedash.load(db, "A");
  }

  @AfterEach
  void dropCopies() {
    PgShell.dropDerived(db);
  }

  private String[] args(String mode, int stopAt) {
    return new String[] {
      mode,
      db.jdbcUrl(),
      db.user(),
      RedashFixture.OWNER,
      store.toString(),
      INSTANCE,
      Integer.toString(stopAt)
    };
  }

  private RedashBackup redash() {
    return RedashBackup.builder()
        .database(TinyRedash.database(db))
        .store(BackupStore.directory(store))
        .instance(INSTANCE)
        .build();
  }

  @Test
  void aBackupKilledAtAnyStepLeavesOnlyCompleteBackupsAndAFreeLock() throws Exception {
    store = Files.createDirectories(dir.resolve("store"));
    List<String> steps = Child.run(args("backup", -1)).events();
    assertThat(steps).hasSizeGreaterThanOrEqualTo(5);
    RedashBackup redash = redash();
    for (int i = 0; i < steps.size(); i++) {
      int before = redash.list().size();

      Child.Outcome outcome = Child.run(args("backup", i));

      String last = step(outcome.events().get(outcome.events().size() - 1));
      String at = (outcome.killed() ? "killed at " : "finished after ") + last;
      BackupCatalog catalog = redash.catalog();
      assertThat(catalog.damaged()).as(at).isEmpty();
      assertThat(catalog.unreadableManifests()).as(at).isEmpty();
      int after = redash.list().size();
      boolean completed = !outcome.killed() || last.startsWith("DONE");
      assertThat(after).as(at).isEqualTo(before + (completed ? 1 : 0));
      // The dead run's lock names this host and a pid that is gone: taken over at once.
      long start = System.nanoTime();
      redash.backup();
      assertThat((System.nanoTime() - start) / 1_000_000_000.0).as(at).isLessThan(30);
      redash.prune(false);
      assertThat(BackupStore.directory(store).list())
          .as(at + ": only complete backups remain after a prune")
          .allMatch(o -> o.name().endsWith(".manifest.json") || o.name().endsWith(".sql.gz"));
      assertThat(BackupStore.directory(store).incompleteWrites()).as(at).isEmpty();
    }
  }

  @Test
  void aRestoreKilledAtAnyStepNeverLosesTheTargetAndIsRecovered() throws Exception {
    store = Files.createDirectories(dir.resolve("store"));
    RedashBackup redash = redash();
    redash.backup();
    TinyRedash.setVersion(db, 1);
    List<String> steps = Child.run(args("restore", -1)).events();
    assertThat(steps)
        .anyMatch(s -> step(s).startsWith("SWAP renamed"))
        .anyMatch(s -> step(s).startsWith("SWAP swapped"));
    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:0");
    dropCopies();
    int swappedAt = indexOf(steps, "SWAP swapped");
    for (int i = 0; i < steps.size(); i++) {
      String at = "killed at " + step(steps.get(i));
      TinyRedash.setVersion(db, 1);

      Child.Outcome outcome = Child.run(args("restore", i));

      assertThat(outcome.killed()).as(at).isTrue();
      assertThat(PgShell.exists(db, db.name())).as(at + ": the target exists").isTrue();
      List<String> recovered = redash.recover();
      assertThat(TinyRedash.marker(db, db.name()))
          .as(at + " (recovery: " + recovered + ")")
          .isEqualTo(i >= swappedAt ? "A:0" : "A:1");
      assertThat(
              PgShell.serverValue(
                  db,
                  "SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_restore\\_%' AND datname LIKE "
                      + "'"
                      + db.name().substring(0, 20)
                      + "%'"))
          .as(at + ": no loaded copy is left")
          .isEqualTo("0");
      assertThat(
              PgShell.serverValue(
                  db,
                  "SELECT count(*) FROM pg_database WHERE shobj_description(oid, 'pg_database')"
                      + " LIKE 'opskit-restore %'"))
          .as(at + ": no journal is left")
          .isEqualTo("0");
      assertThat(
              PgShell.serverValue(
                  db,
                  "SELECT bool_and(datallowconn) FROM pg_database WHERE datname LIKE '"
                      + db.name().substring(0, 20)
                      + "%'"))
          .as(at + ": every database is open again")
          .isEqualTo("t");
      dropCopies();
    }
    // And a restore after all that works.
    TinyRedash.setVersion(db, 1);
    redash.restore(RestoreRequest.latest());
    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:0");
  }

  /** An event line without its number: {@code SWAP renamed x to y}. */
  private static String step(String event) {
    return event.substring(event.indexOf(' ') + 1);
  }

  private static int indexOf(List<String> steps, String prefix) {
    for (int i = 0; i < steps.size(); i++) {
      if (step(steps.get(i)).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no step " + prefix + " in " + steps);
  }
}
