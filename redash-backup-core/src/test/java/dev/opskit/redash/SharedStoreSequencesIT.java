package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.TinyRedash;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of backup, truncate, delete-object, prune and restore over one store folder
 * shared by three databases (one instance name for all: the worst case), checked against a model of
 * which backups exist and are intact. After every step {@code list()} of each database is exactly
 * the model's intact backups of it; a prune never removes the newest intact backup of any database;
 * a restore loads the newest intact backup of its own database and nothing else.
 */
class SharedStoreSequencesIT {
  private static final int DATABASES = 3;
  private static final List<TestDatabase> dbs = new ArrayList<>();
  private static Path root;
  private static int tries;

  @BeforeContainer
  static void createDatabases() throws Exception {
    root = Files.createTempDirectory("opskit-shared-store-");
    for (int i = 0; i < DATABASES; i++) {
      TestDatabase db = TestDatabase.create(DatabaseEngine.POSTGRES, "shared store " + i);
      TinyRedash.load(db, "S" + i);
      dbs.add(db);
    }
  }

  @AfterContainer
  static void dropDatabases() throws Exception {
    for (TestDatabase db : dbs) {
      PgShell.dropDerived(db);
      db.close();
    }
    dbs.clear();
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  sealed interface Action permits Backup, Truncate, Delete, Prune, Restore {}

  record Backup(int db) implements Action {}

  record Truncate(int db, int nth) implements Action {}

  record Delete(int db, int nth, boolean manifest) implements Action {}

  record Prune(int db, int keepLast) implements Action {}

  record Restore(int db) implements Action {}

  @Provide
  Arbitrary<List<Action>> sequences() {
    Arbitrary<Integer> db = Arbitraries.integers().between(0, DATABASES - 1);
    Arbitrary<Integer> nth = Arbitraries.integers().between(0, 4);
    return Arbitraries.<Action>frequencyOf(
            Tuple.of(5, db.map(Backup::new)),
            Tuple.of(2, Combinators.combine(db, nth).as(Truncate::new)),
            Tuple.of(1, Combinators.combine(db, nth, Arbitraries.of(true, false)).as(Delete::new)),
            Tuple.of(
                2, Combinators.combine(db, Arbitraries.integers().between(1, 2)).as(Prune::new)),
            Tuple.of(2, db.map(Restore::new)))
        .list()
        .ofMinSize(4)
        .ofMaxSize(9);
  }

  /** A backup as the model knows it. */
  private static final class Known {
    final BackupRecord record;
    final int version;
    boolean intact = true;

    Known(BackupRecord record, int version) {
      this.record = record;
      this.version = version;
    }
  }

  @Property(tries = 20)
  void theNewestIntactBackupOfEachDatabaseSurvivesAndRestoresNeverMixSources(
      @ForAll("sequences") List<Action> actions) throws Exception {
    Path folder = Files.createDirectories(root.resolve("try-" + (++tries)));
    List<List<Known>> model = new ArrayList<>();
    int[] versions = new int[DATABASES];
    for (int i = 0; i < DATABASES; i++) {
      model.add(new ArrayList<>());
      TinyRedash.setVersion(dbs.get(i), 0);
    }
    for (Action action : actions) {
      String step = action.toString();
      if (action instanceof Backup b) {
        TinyRedash.setVersion(dbs.get(b.db()), ++versions[b.db()]);
        model.get(b.db()).add(0, new Known(redash(b.db(), folder, 1).backup(), versions[b.db()]));
      } else if (action instanceof Truncate t) {
        List<Known> of = model.get(t.db());
        if (!of.isEmpty()) {
          Known victim = of.get(t.nth() % of.size());
          try (RandomAccessFile file =
              new RandomAccessFile(folder.resolve(victim.record.dataObject()).toFile(), "rw")) {
            file.setLength(victim.record.storedBytes() / 2);
          }
          victim.intact = false;
        }
      } else if (action instanceof Delete d) {
        List<Known> of = model.get(d.db());
        if (!of.isEmpty()) {
          Known victim = of.remove(d.nth() % of.size());
          Files.delete(
              folder.resolve(
                  d.manifest() ? victim.record.manifestObject() : victim.record.dataObject()));
        }
      } else if (action instanceof Prune p) {
        List<BackupRecord> newestBefore = new ArrayList<>();
        for (List<Known> of : model) {
          of.stream().filter(k -> k.intact).findFirst().ifPresent(k -> newestBefore.add(k.record));
        }
        redash(p.db(), folder, p.keepLast()).prune(false);
        // The model: every database's intact backups beyond the newest keepLast go.
        for (List<Known> of : model) {
          int intact = 0;
          for (var it = of.iterator(); it.hasNext(); ) {
            Known k = it.next();
            if (k.intact && ++intact > p.keepLast()) {
              it.remove();
            }
          }
        }
        for (BackupRecord newest : newestBefore) {
          int owner = indexOf(newest);
          assertThat(redash(owner, folder, 1).list())
              .as(step + ": the newest intact backup of database " + owner + " survives")
              .contains(newest);
        }
      } else if (action instanceof Restore r) {
        TestDatabase db = dbs.get(r.db());
        String copy = PgShell.copyName(db);
        Known newest = model.get(r.db()).stream().filter(k -> k.intact).findFirst().orElse(null);
        RedashBackup redash = redash(r.db(), folder, 1);
        if (newest == null) {
          assertThatThrownBy(() -> redash.restore(RestoreRequest.latest().toDatabase(copy)))
              .as(step)
              .isInstanceOf(BackupNotFoundException.class);
        } else {
          redash.restore(RestoreRequest.latest().toDatabase(copy).keepPreviousDatabase(false));
          assertThat(TinyRedash.marker(db, copy))
              .as(step + ": the restore loaded its own database's newest intact backup")
              .isEqualTo("S" + r.db() + ":" + newest.version);
        }
      }
      for (int i = 0; i < DATABASES; i++) {
        assertThat(redash(i, folder, 1).list())
            .as("after " + step + ": list() of database " + i)
            .containsExactlyElementsOf(
                model.get(i).stream().filter(k -> k.intact).map(k -> k.record).toList());
      }
    }
  }

  private static int indexOf(BackupRecord backup) {
    for (int i = 0; i < DATABASES; i++) {
      if (dbs.get(i).name().equals(backup.database())) {
        return i;
      }
    }
    throw new AssertionError(backup.database());
  }

  private static RedashBackup redash(int i, Path folder, int keepLast) {
    return RedashBackup.builder()
        .database(TinyRedash.database(dbs.get(i)))
        .store(BackupStore.directory(folder))
        .instance("shared")
        .retention(RetentionPolicy.keepLast(keepLast))
        .build();
  }
}
