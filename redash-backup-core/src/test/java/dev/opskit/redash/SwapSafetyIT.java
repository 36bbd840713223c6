package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.redash.fixture.TinyRedash;
import dev.opskit.redash.internal.pg.PgNames;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 3: the swap of a restore never leaves the target database missing, whatever holds
 * sessions on the databases it touches, and every failure puts the target back, open.
 */
class SwapSafetyIT {
  private final TestDatabase db;
  @TempDir Path dir;
  private final ExecutorService agentThread = Executors.newSingleThreadExecutor();

  SwapSafetyIT(@Postgres TestDatabase db) {
    this.db = db;
    TinyRedash.load(db, "A");
  }

  @AfterEach
  void tearDown() throws Exception {
    agentThread.shutdownNow();
    agentThread.awaitTermination(10, TimeUnit.SECONDS);
    PgShell.dropDerived(db);
  }

  private RedashBackup.Builder redash() throws Exception {
    return RedashBackup.builder()
        .database(TinyRedash.database(db))
        .store(BackupStore.directory(Files.createDirectories(dir.resolve("store"))));
  }

  private String allowsConnections(String name) {
    return PgShell.serverValue(
        db, "SELECT datallowconn FROM pg_database WHERE datname = '" + name + "'");
  }

  @Test
  void aMonitoringAgentConnectedToTheNewDatabasesCannotBreakTheSwap() throws Exception {
    RedashBackup redash = redash().build();
    redash.backup();
    TinyRedash.setVersion(db, 1);
    // An agent that connects to every database the restore makes (the loaded copy, the replaced
    // database), as a superuser, and holds on: it broke the old swap and lost the target.
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger connected = new AtomicInteger();
    Future<?> agent =
        agentThread.submit(
            () -> {
              List<Connection> held = new ArrayList<>();
              String stem = db.name().substring(0, 20);
              for (int round = 0; round < 3000 && running.get(); round++) {
                for (String name : PgShell.databasesStartingWith(db, stem)) {
                  if (name.contains("_restore_") || name.contains("_before_")) {
                    try {
                      held.add(PgShell.connect(db, name));
                      connected.incrementAndGet();
                    } catch (Exception refused) {
                      // closed to new sessions: the agent retries
                    }
                  }
                }
                Thread.sleep(10);
              }
              for (Connection c : held) {
                c.close();
              }
              return null;
            });
    try {
      RestoreResult result = redash.restore(RestoreRequest.latest());
      assertThat(result.database()).isEqualTo(db.name());
    } finally {
      running.set(false);
      agent.get(30, TimeUnit.SECONDS);
    }
    assertThat(connected.get()).as("the agent did connect to the restored copy").isPositive();
    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:0");
    assertThat(allowsConnections(db.name())).isEqualTo("t");
  }

  @Test
  void aSwapThatFailsIsRolledBackAndTheTargetStaysInPlaceAndOpen() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T02:00:00Z"), ZoneOffset.UTC);
    RedashBackup redash = redash().clock(clock).build();
    redash.backup();
    TinyRedash.setVersion(db, 1);
    // The name the target would be renamed to is taken: the first rename of the swap fails.
    String previous = PgNames.withSuffix(db.name(), "_before_20261126_020000");
    PgShell.execute(db, "CREATE DATABASE \"" + previous + "\"");
    String staging = PgNames.withSuffix(db.name(), "_restore_20261126_020000");

    assertThatThrownBy(() -> redash.restore(RestoreRequest.latest()))
        .isInstanceOfSatisfying(
            RestoreFailedException.class,
            e -> {
              assertThat(e.targetChanged()).isFalse();
              assertThat(e.target()).isEqualTo(db.name());
              assertThat(e.restoredDatabase()).isEqualTo(staging);
              assertThat(e.recoverySql()).isNull();
            })
        .hasMessageContaining("the swap failed and was rolled back")
        .hasMessageContaining("was left untouched");
    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:1");
    assertThat(allowsConnections(db.name())).isEqualTo("t");
    assertThat(PgShell.exists(db, staging)).as("the loaded copy is dropped").isFalse();
    assertThat(redash.recover()).as("nothing is left to recover").isEmpty();
  }

  @Test
  void aWaitThatGivesUpSaysSoAndReopensTheTarget() throws Exception {
    RedashBackup redash = redash().sessionPatience(Duration.ZERO).build();
    redash.backup();
    TinyRedash.setVersion(db, 1);
    try (Connection redashSession = db.connect()) {
      redashSession.createStatement().execute("SELECT 1");

      assertThatThrownBy(() -> redash.restore(RestoreRequest.latest()))
          .isInstanceOfSatisfying(
              RestoreFailedException.class, e -> assertThat(e.targetChanged()).isFalse())
          .hasMessageContaining("gave up after 0 s waiting for the sessions on")
          .hasMessageContaining("pid ");
    }
    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:1");
    assertThat(allowsConnections(db.name())).isEqualTo("t");
    assertThat(PgShell.derived(db)).isEmpty();
  }

  @Test
  void anInPlaceRestoreThroughPsqlSwapsInOneTransaction() throws Exception {
    RedashBackup redash =
        redash()
            .database(
                RedashDatabase.command(List.of("env", "PGHOST=127.0.0.1"), db.name(), db.user())
                    .withOwner(RedashFixture.OWNER))
            .build();
    redash.backup();
    TinyRedash.setVersion(db, 1);

    RestoreResult result = redash.restore(RestoreRequest.latest());

    assertThat(TinyRedash.marker(db, db.name())).isEqualTo("A:0");
    assertThat(result.previousDatabase()).isNotNull();
    assertThat(TinyRedash.marker(db, result.previousDatabase())).isEqualTo("A:1");
    assertThat(allowsConnections(result.previousDatabase())).isEqualTo("t");
    assertThat(
            PgShell.serverValue(
                db,
                "SELECT count(*) FROM pg_database WHERE shobj_description(oid, 'pg_database')"
                    + " LIKE 'opskit-restore %'"))
        .isEqualTo("0");
  }
}
