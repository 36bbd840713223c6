package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Every database the extension hands out is dropped, constructor parameters included. */
class TestDatabaseExtensionIT {
  private static final List<String> HANDED_OUT = new CopyOnWriteArrayList<>();

  /** Run only through the test kit below (a nested class is not picked up by Surefire/Failsafe). */
  static class ConstructorInjected {
    private final TestDatabase db;

    ConstructorInjected(@Postgres TestDatabase db) {
      this.db = db;
    }

    @Test
    void first() {
      HANDED_OUT.add(db.name());
    }

    @Test
    void second() {
      HANDED_OUT.add(db.name());
    }

    @Test
    void third(@Postgres TestDatabase another) {
      HANDED_OUT.add(db.name());
      HANDED_OUT.add(another.name());
    }
  }

  @Test
  void constructorAndMethodParametersAreAllDroppedAfterwards() throws SQLException {
    HANDED_OUT.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(ConstructorInjected.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(3).failed(0));

    assertThat(HANDED_OUT).hasSize(4).doesNotHaveDuplicates();
    try (Connection c = DatabaseServers.get(DatabaseEngine.POSTGRES).connect("");
        PreparedStatement exists =
            c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ANY (?)")) {
      exists.setArray(1, c.createArrayOf("text", HANDED_OUT.toArray()));
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("databases left behind").isZero();
      }
    }
  }
}
