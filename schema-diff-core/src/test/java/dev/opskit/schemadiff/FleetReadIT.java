package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.source.jdbc.FleetSchemaReader;
import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet read takes tables from their SHOW CREATE TABLE texts, each distinct text parsed once
 * and checked once against the full reader: what it reads for each target is what the full reader
 * reads, attributes outside the model, stored objects and unreadable tables included, while the
 * information_schema tables the texts replace are read only for representatives.
 */
class FleetReadIT {
  private static final List<String> SHARD =
      List.of(
          "CREATE TABLE parent (id int NOT NULL AUTO_INCREMENT, Code varchar(10) NOT NULL,"
              + " PRIMARY KEY (id), UNIQUE KEY uk_code (Code)) COMMENT='parents'",
          "CREATE TABLE child (id int PRIMARY KEY, parent_code varchar(10), note text,"
              + " KEY k_note (note(20)), CONSTRAINT fk_parent FOREIGN KEY (parent_code)"
              + " REFERENCES parent (code) ON DELETE SET NULL, CONSTRAINT positive CHECK (id > 0))",
          "CREATE TABLE my (a int, KEY k (a) KEY_BLOCK_SIZE=2048) ENGINE=MyISAM",
          "CREATE TABLE history (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at))"
              + " PARTITION BY RANGE (year(at)) (PARTITION p2025 VALUES LESS THAN (2026),"
              + " PARTITION pmax VALUES LESS THAN MAXVALUE)",
          "CREATE TABLE gen (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL, KEY kb (b))");

  private static final List<TestDatabase> SHARDS = new ArrayList<>();

  @BeforeAll
  static void createShards() throws Exception {
    for (int i = 0; i < 12; i++) {
      TestDatabase db = TestDatabase.create(DatabaseEngine.MYSQL, "fleet read " + i);
      SHARDS.add(db);
      List<String> ddl = new ArrayList<>(SHARD);
      // Counters differ from shard to shard: they share a parse, but keep their own value.
      for (int row = 0; row <= i; row++) {
        ddl.add("INSERT INTO parent (Code) VALUES ('c" + row + "')");
      }
      run(db, ddl);
    }
    run(SHARDS.get(1), List.of("CREATE VIEW v_parent AS SELECT id, Code FROM parent"));
    run(
        SHARDS.get(2),
        List.of(
            "CREATE TRIGGER trim_code BEFORE INSERT ON parent FOR EACH ROW"
                + " SET NEW.Code = TRIM(NEW.Code)"));
    run(
        SHARDS.get(3),
        List.of(
            "CREATE PROCEDURE p(IN x int) SELECT x",
            "CREATE FUNCTION f(x int) RETURNS int DETERMINISTIC RETURN x + 1"));
    run(
        SHARDS.get(4),
        List.of("CREATE EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO SELECT 1"));
    // Nested deeper than the parser reads: the full reader's verdict, whatever it is, stands.
    String deep = "a";
    for (int i = 0; i < 300; i++) {
      deep = "(a + " + deep + ")";
    }
    run(
        SHARDS.get(5),
        List.of("CREATE TABLE deep (a int, b int GENERATED ALWAYS AS " + deep + ")"));
    if (ServerUnderTest.isMariaDb()) {
      // Readable from information_schema but not by the parser: the full reader reports the table.
      run(
          SHARDS.get(4),
          List.of("CREATE TABLE periods (id int, s date, e date, PERIOD FOR app(s, e))"));
    }
    // An attribute only SHOW CREATE TABLE shows.
    run(
        SHARDS.get(6),
        List.of(
            "DROP TABLE my",
            "CREATE TABLE my (a int, KEY k (a) KEY_BLOCK_SIZE=4096) ENGINE=MyISAM"));
    run(SHARDS.get(7), List.of("ALTER TABLE child ADD COLUMN extra int"));
  }

  @AfterAll
  static void dropShards() {
    SHARDS.forEach(TestDatabase::close);
  }

  private static void run(TestDatabase db, List<String> statements) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Test
  void readsEachSchemaAsTheFullReaderDoes() throws Exception {
    List<String> names = new ArrayList<>(SHARDS.stream().map(TestDatabase::name).toList());
    names.add(SHARDS.get(0).name() + "_gone");
    try (Connection c = SHARDS.get(0).connect()) {
      freshCounters(c);
      Flavor flavor = JdbcSchemaReader.flavor(c);
      FleetSchemaReader reader = FleetSchemaReader.create();
      // Two batches of one run: the second takes the texts the first checked.
      JdbcSchemaReader.BatchRead first = reader.readAll(c, "server", names.subList(0, 7), flavor);
      JdbcSchemaReader.BatchRead second =
          reader.readAll(c, "server", names.subList(7, names.size()), flavor);

      for (String name : names) {
        JdbcSchemaReader.BatchRead read = names.indexOf(name) < 7 ? first : second;
        Object expected;
        try {
          expected = JdbcSchemaReader.read(c, name, flavor);
        } catch (RuntimeException e) {
          expected = e.getClass().getName() + ": " + e.getMessage();
        }
        Schema schema = read.schemas().get(name);
        Object actual =
            schema != null
                ? schema
                : read.failures().get(name).getClass().getName()
                    + ": "
                    + read.failures().get(name).getMessage();
        assertThat(actual).as(name).isEqualTo(expected);
      }
      assertThat(second.failures()).containsOnlyKeys(SHARDS.get(0).name() + "_gone");
      // The counters were set apart, not lost.
      assertThat(first.schemas().get(SHARDS.get(3).name()).tables())
          .filteredOn(t -> t.name().equals("parent"))
          .singleElement()
          .satisfies(t -> assertThat(t.options()).containsEntry("AUTO_INCREMENT", "5"));
    }
  }

  @Test
  void findsDriftThatOnlyTextsOrStoredObjectsShow() {
    Map<String, SchemaSource> targets = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      TestDatabase db = SHARDS.get(i);
      targets.put("s" + i, SchemaSource.jdbc(db.jdbcUrl(), db.user(), db.password()));
    }
    TestDatabase reference = SHARDS.get(0);
    FleetDiff fleet =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .ignoreTableOption(TableOption.AUTO_INCREMENT)
            .concurrency(2)
            .build()
            .compareAll(
                SchemaSource.jdbc(reference.jdbcUrl(), reference.user(), reference.password()),
                targets);

    // The table opskit cannot read fails its target, as in a full read.
    assertThat(fleet.failed()).containsOnlyKeys("s5");
    assertThat(fleet.failed().get("s5"))
        .isInstanceOfSatisfying(
            FleetTargetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FleetTargetException.Kind.UNREADABLE);
              assertThat(e.getMessage()).contains("table `deep`, column b");
            });
    assertThat(fleet.drifted()).containsOnlyKeys("s1", "s2", "s3", "s4", "s6", "s7");
    Map<String, String> drift = new LinkedHashMap<>();
    fleet
        .groups()
        .forEach(g -> g.targets().forEach(t -> drift.put(t, String.join("\n", g.drift()))));
    assertThat(drift.get("s1")).contains("v_parent");
    assertThat(drift.get("s2")).contains("trim_code");
    assertThat(drift.get("s3")).contains("`p`");
    assertThat(drift.get("s4")).contains("`e`");
    if (ServerUnderTest.isMariaDb()) {
      assertThat(fleet.drifted().get("s4").from().unmodeled())
          .filteredOn(UnmodeledAttribute::isReadProblem)
          .singleElement()
          .satisfies(a -> assertThat(a.objectName()).isEqualTo("periods"));
    }
    assertThat(drift.get("s6")).contains("KEY_BLOCK_SIZE");
    assertThat(drift.get("s7")).contains("extra");
  }

  @Test
  void readsColumnsFromInformationSchemaOnlyForRepresentatives() {
    Set<String> columnsFor = ConcurrentHashMap.newKeySet();
    DataSource recording = recordingDataSource(SHARDS.get(0).dataSource(), columnsFor);
    Map<String, SchemaSource> targets = new LinkedHashMap<>();
    // Identical shards but for their counters, and one with an extra column.
    for (int i : new int[] {0, 8, 9, 10, 11, 7}) {
      targets.put("s" + i, SchemaSource.jdbc(recording, SHARDS.get(i).name()));
    }
    FleetDiff fleet =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .ignoreTableOption(TableOption.AUTO_INCREMENT)
            .concurrency(2)
            .build()
            .compareAll(
                SchemaSource.jdbc(
                    SHARDS.get(0).jdbcUrl(), SHARDS.get(0).user(), SHARDS.get(0).password()),
                targets);

    assertThat(fleet.drifted()).containsOnlyKeys("s7");
    assertThat(fleet.matching()).containsExactly("s0", "s8", "s9", "s10", "s11");
    assertThat(columnsFor).isNotEmpty().hasSizeLessThanOrEqualTo(3);
  }

  /** MySQL caches counters in information_schema for a day unless told not to. */
  private static void freshCounters(Connection c) throws SQLException {
    if (ServerUnderTest.isMySql()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET SESSION information_schema_stats_expiry = 0");
      }
    }
  }

  /**
   * A data source whose connections record each schema a query on information_schema.COLUMNS is run
   * for (its parameters).
   */
  private static DataSource recordingDataSource(DataSource real, Set<String> columnsFor) {
    return (DataSource)
        Proxy.newProxyInstance(
            FleetReadIT.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(method, real, args);
              if (method.getName().equals("getConnection")) {
                return recordingConnection((Connection) result, columnsFor);
              }
              return result;
            });
  }

  private static Connection recordingConnection(Connection real, Set<String> columnsFor) {
    return (Connection)
        Proxy.newProxyInstance(
            FleetReadIT.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result = invoke(method, real, args);
              if (method.getName().equals("prepareStatement")
                  && ((String) args[0]).contains("information_schema.COLUMNS")) {
                PreparedStatement statement = (PreparedStatement) result;
                return Proxy.newProxyInstance(
                    FleetReadIT.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (p, m, a) -> {
                      if (m.getName().equals("setString")) {
                        columnsFor.add((String) a[1]);
                      }
                      return invoke(m, statement, a);
                    });
              }
              return result;
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
