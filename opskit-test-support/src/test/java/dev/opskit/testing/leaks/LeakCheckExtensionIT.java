package dev.opskit.testing.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.DatabaseNames;
import dev.opskit.testing.db.DatabaseServers;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections and databases on the real servers, the two kinds that need one. */
class LeakCheckExtensionIT {
  private static final List<AutoCloseable> LEFT = new ArrayList<>();

  @AfterEach
  void cleanUpWhatTheFixturesLeft() throws Exception {
    for (AutoCloseable c : LEFT) {
      c.close();
    }
    LEFT.clear();
  }

  @Test
  void failsAClassThatLeavesADatabaseConnectionOpen() {
    Throwable failure = KitRun.of(LeavesAPostgresConnection.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageStartingWith(LeavesAPostgresConnection.class.getName() + " leaked 1 resource:")
        .hasMessageMatching(
            "(?s).*connection: TCP 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:5432 \\(ESTABLISHED\\).*");
  }

  @Test
  void failsAClassThatLeavesADatabase() {
    Throwable failure = KitRun.of(LeavesADatabase.class).classFailure().orElseThrow();

    TestDatabase left = (TestDatabase) LEFT.get(0);
    assertThat(left.name()).startsWith(DatabaseNames.thisJvmPrefix());
    assertThat(failure)
        .hasMessageStartingWith(LeavesADatabase.class.getName() + " leaked 1 resource:")
        .hasMessageContaining("database: " + left.name() + " on PostgreSQL at 127.0.0.1:5432");
  }

  @Test
  void passesAClassThatDropsItsDatabasesAndClosesItsConnections() {
    KitRun run = KitRun.of(CleansUp.class);

    assertThat(run.classFailure()).isEmpty();
    assertThat(run.testsSucceeded()).isEqualTo(1);
  }

  // The fixtures below run only through KitRun: Failsafe does not pick up nested classes.

  static class LeavesAPostgresConnection {
    @Test
    void connects() throws SQLException {
      LEFT.add(DatabaseServers.get(DatabaseEngine.POSTGRES).connect(""));
    }
  }

  static class LeavesADatabase {
    @Test
    void createsADatabase() {
      LEFT.add(TestDatabase.create(DatabaseEngine.POSTGRES, "leaks it"));
    }
  }

  static class CleansUp {
    @Test
    void createsAndDrops() throws SQLException {
      try (TestDatabase db = TestDatabase.create(DatabaseEngine.POSTGRES, "drops it");
          Connection c = db.connect()) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
  }
}
