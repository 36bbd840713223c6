package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet of live schemas on the server under test compared with one reference: drift grouped,
 * failures isolated, every bulk query run once per batch instead of once per schema, and the batch
 * reading the same model as the single-schema reader.
 */
class FleetCompareIT {
  private static final String SHARD =
      "CREATE TABLE users (id int PRIMARY KEY, name varchar(40) NOT NULL, x int,"
          + " KEY idx_name (name), CONSTRAINT name_set CHECK (name <> ''));"
          + "CREATE TABLE orders (id bigint PRIMARY KEY, user_id int, total decimal(10,2),"
          + " KEY idx_user (user_id), CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users"
          + " (id) ON DELETE CASCADE);"
          + "CREATE TABLE events (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at))"
          + " PARTITION BY RANGE (year(at)) (PARTITION p2025 VALUES LESS THAN (2026),"
          + " PARTITION pmax VALUES LESS THAN MAXVALUE);"
          + "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;"
          + "CREATE TRIGGER users_name BEFORE INSERT ON users FOR EACH ROW SET NEW.name ="
          + " TRIM(NEW.name);";

  private static final List<TestDatabase> SHARDS = new ArrayList<>();

  /**
   * The golden schema, live: a view's text as DDL differs from the server's rewrite of it, so a
   * reference written by hand is a dump of such a database in practice.
   */
  private static TestDatabase golden;

  private static SchemaSource reference() {
    return SchemaSource.jdbc(golden.jdbcUrl(), golden.user(), golden.password());
  }

  @BeforeAll
  static void createShards() throws Exception {
    golden = TestDatabase.create(DatabaseEngine.MYSQL, "fleet golden");
    run(golden, SHARD);
    for (int i = 0; i < 12; i++) {
      TestDatabase db = TestDatabase.create(DatabaseEngine.MYSQL, "fleet " + i);
      SHARDS.add(db);
      run(db, SHARD);
    }
    // Three shards miss column users.x; two have an extra index on orders.
    for (int i : new int[] {2, 5, 7}) {
      run(SHARDS.get(i), "ALTER TABLE users DROP COLUMN x");
    }
    for (int i : new int[] {3, 9}) {
      run(SHARDS.get(i), "CREATE INDEX idx_total ON orders (total)");
    }
  }

  @AfterAll
  static void dropShards() {
    SHARDS.forEach(TestDatabase::close);
    if (golden != null) {
      golden.close();
    }
  }

  private static void run(TestDatabase db, String ddl) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String statement : ddl.split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }

  private static Map<String, SchemaSource> targets() {
    Map<String, SchemaSource> targets = new LinkedHashMap<>();
    for (int i = 0; i < SHARDS.size(); i++) {
      TestDatabase db = SHARDS.get(i);
      targets.put(
          String.format("shard%02d", i), SchemaSource.jdbc(db.jdbcUrl(), db.user(), db.password()));
    }
    return targets;
  }

  @Test
  void groupsTheDriftAndIsolatesFailures() {
    Map<String, SchemaSource> targets = targets();
    TestDatabase any = SHARDS.get(0);
    targets.put(
        "missing",
        SchemaSource.jdbc(
            any.jdbcUrl().replace(any.name(), any.name() + "_gone"), any.user(), any.password()));
    targets.put(
        "unreachable",
        SchemaSource.jdbc("jdbc:mysql://127.0.0.1:1/shard?connectTimeout=2000", "root", "secret"));
    List<String> finished = new ArrayList<>();
    SchemaComparator comparator =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .concurrency(3)
            .listener(
                new CompareListener() {
                  @Override
                  public void targetFinished(String target, int done, int total) {
                    finished.add(done + "/" + total + " " + target);
                  }
                })
            .build();

    FleetDiff fleet = comparator.compareAll(reference(), targets);

    assertThat(fleet.isEmpty()).isFalse();
    assertThat(fleet.drifted())
        .containsOnlyKeys("shard02", "shard03", "shard05", "shard07", "shard09");
    assertThat(fleet.matching())
        .containsExactly(
            "shard00", "shard01", "shard04", "shard06", "shard08", "shard10", "shard11");
    assertThat(fleet.groups())
        .extracting(DriftGroup::targets, DriftGroup::drift)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                List.of("shard02", "shard05", "shard07"),
                List.of("table `users`: column `x` missing")),
            org.assertj.core.groups.Tuple.tuple(
                List.of("shard03", "shard09"), List.of("table `orders`: index `idx_total` extra")));
    assertThat(fleet.failed()).containsOnlyKeys("missing", "unreachable");
    assertThat(fleet.failed().get("missing"))
        .isInstanceOfSatisfying(
            FleetTargetException.class,
            e -> assertThat(e.kind()).isEqualTo(FleetTargetException.Kind.MISSING));
    assertThat(fleet.failed().get("unreachable"))
        .isInstanceOfSatisfying(
            FleetTargetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FleetTargetException.Kind.UNREACHABLE);
              assertThat(e.getMessage()).contains("127.0.0.1:1").doesNotContain("secret");
            });
    assertThat(fleet.summary())
        .startsWith(
            "14 targets compared with "
                + golden.name()
                + ": 7 match, 5 drifted (2 groups), 2 failed")
        .contains("3 targets: table `users`: column `x` missing\n  shard02, shard05, shard07");
    assertThat(finished).hasSize(14).last().asString().startsWith("14/14 ");
    // The diff runs from the target to the reference: its migration repairs the shard.
    assertThat(fleet.drifted().get("shard02").migrationSql()).contains("ADD COLUMN `x` int");
    assertThatThrownBy(() -> SchemaAssertions.assertNoDrift(fleet))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("3 targets: table `users`: column `x` missing");
  }

  @Test
  void theJsonReportHoldsGroupsDriftAndFailures() throws Exception {
    Map<String, SchemaSource> targets = targets();
    FleetDiff fleet =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .build()
            .compareAll(reference(), targets);

    JsonNode json = new ObjectMapper().readTree(fleet.toJson());
    assertThat(json.get("targets").asInt()).isEqualTo(12);
    assertThat(json.get("matching").asInt()).isEqualTo(7);
    assertThat(json.get("groups")).hasSize(2);
    assertThat(json.get("drifted").get("shard02").get("changes")).hasSize(1);
  }

  @Test
  void aMatchingFleetPassesTheAssertion() {
    Map<String, SchemaSource> targets = new LinkedHashMap<>();
    for (int i : new int[] {0, 1, 4}) {
      TestDatabase db = SHARDS.get(i);
      targets.put("s" + i, SchemaSource.jdbc(db.jdbcUrl(), db.user(), db.password()));
    }
    FleetDiff fleet =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .build()
            .compareAll(reference(), targets);

    assertThat(fleet.isEmpty()).as(fleet.summary()).isTrue();
    SchemaAssertions.assertNoDrift(fleet);
  }

  @Test
  void aTargetThatTakesTooLongTimesOutAlone() {
    Map<String, SchemaSource> targets = new LinkedHashMap<>();
    for (int i : new int[] {0, 1, 2}) {
      TestDatabase db = SHARDS.get(i);
      targets.put("s" + i, SchemaSource.jdbc(db.jdbcUrl(), db.user(), db.password()));
    }
    // A server that takes a minute to accept a connection: its own unit, given up after 3 s.
    DataSource slow = slowDataSource(SHARDS.get(3).dataSource(), Duration.ofMinutes(1));
    targets.put("slow", SchemaSource.jdbc(slow, SHARDS.get(3).name()));
    long start = System.nanoTime();

    FleetDiff fleet =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .concurrency(2)
            .targetTimeout(Duration.ofSeconds(3))
            .build()
            .compareAll(reference(), targets);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(fleet.failed()).containsOnlyKeys("slow");
    assertThat(((FleetTargetException) fleet.failed().get("slow")).kind())
        .isEqualTo(FleetTargetException.Kind.TIMED_OUT);
    assertThat(fleet.drifted()).containsOnlyKeys("s2");
    assertThat(fleet.matching()).containsExactly("s0", "s1");
  }

  /** A data source whose connections take {@code delay} to open (interruptibly). */
  private static DataSource slowDataSource(DataSource real, Duration delay) {
    return (DataSource)
        Proxy.newProxyInstance(
            FleetCompareIT.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                Thread.sleep(delay.toMillis());
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The batch reads what the single-schema reader reads, with a fixed number of bulk queries. */
  @Test
  void batchesReadTheSameModelWithAFixedNumberOfBulkQueries() throws Exception {
    List<String> names = SHARDS.stream().map(TestDatabase::name).toList();
    try (Connection c = SHARDS.get(0).connect()) {
      Flavor flavor = JdbcSchemaReader.flavor(c);
      JdbcSchemaReader.BatchRead all = JdbcSchemaReader.readAll(c, names, flavor);
      for (String name : names) {
        Schema single = JdbcSchemaReader.read(c, name, flavor);
        assertThat(all.schemas().get(name)).as(name).isEqualTo(single);
      }
      int one = JdbcSchemaReader.readAll(c, names.subList(0, 1), flavor).queries();
      int two = JdbcSchemaReader.readAll(c, names.subList(0, 2), flavor).queries();
      int perSchema = two - one; // the statements per table and view, the same in every shard
      int bulk = one - perSchema;
      assertThat(bulk).isBetween(10, 20);
      assertThat(all.queries()).isEqualTo(bulk + names.size() * perSchema);
    }
  }
}
