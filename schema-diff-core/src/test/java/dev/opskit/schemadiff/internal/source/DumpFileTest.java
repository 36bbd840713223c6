package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.check;
import static dev.opskit.schemadiff.internal.source.Models.col;
import static dev.opskit.schemadiff.internal.source.Models.key;
import static dev.opskit.schemadiff.internal.source.Models.notNull;
import static dev.opskit.schemadiff.internal.source.Models.primary;
import static dev.opskit.schemadiff.internal.source.Models.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real-shaped mysqldump and mariadb-dump files read to the model they describe. */
class DumpFileTest {
  private static final Flavor MYSQL_5_7 = new Flavor(Flavor.Kind.MYSQL, 5, 7);

  @Test
  void readsAMySql80Dump() throws IOException {
    String dump = resource("mysql-8.0.sql");
    Flavor flavor = DdlParser.detectFlavor(dump).orElseThrow();

    Schema schema = DdlParser.parse(dump, flavor);

    assertThat(flavor).isEqualTo(new Flavor(Flavor.Kind.MYSQL, 8, 0));
    assertThat(schema).isEqualTo(shop(flavor));
  }

  @Test
  void readsAMySql57DumpWithDataAndPlaceholderTables() throws IOException {
    String dump = resource("mysql-5.7.sql");
    Flavor flavor = DdlParser.detectFlavor(dump).orElseThrow();

    Schema schema = DdlParser.parse(dump, flavor);

    assertThat(flavor).isEqualTo(MYSQL_5_7);
    assertThat(schema).isEqualTo(legacy());
  }

  @Test
  void readsAMariaDbDumpToWhatItsDdlDescribes() throws IOException {
    String dump = resource("mariadb-10.11.sql");
    Flavor flavor = DdlParser.detectFlavor(dump).orElseThrow();

    Schema schema = DdlParser.parse(dump, flavor);

    assertThat(flavor).isEqualTo(Flavor.MARIADB_10_11);
    assertThat(schema).isEqualTo(DdlParser.parse(resource("mariadb-10.11-fixture.sql"), flavor));
    Table customers = schema.table("customers").orElseThrow();
    assertThat(customers.column("prefs").orElseThrow().type()).isEqualTo("json");
    assertThat(customers.checks()).containsExactly(check("CONSTRAINT_1", "email <> ''"));
    assertThat(schema.table("order_items").orElseThrow().checks())
        .containsExactly(check("qty", "qty > 0"));
    Table orders = schema.table("orders").orElseThrow();
    assertThat(orders.foreignKeys()).extracting(ForeignKey::name).containsExactly("orders_ibfk_1");
    assertThat(orders.indexes()).extracting(Index::name).containsExactly("PRIMARY", "customer_id");
    assertThat(schema.views()).extracting(View::name).containsExactly("open_orders");
    assertThat(schema.triggers()).extracting(Trigger::definer).containsExactly("root@127.0.0.1");
    assertThat(schema.routines())
        .extracting(Routine::name)
        .containsExactly("order_count", "close_customer");
    assertThat(schema.events()).extracting(Event::status).containsExactly("DISABLED");
  }

  /**
   * mysqldump 9.7.4 of one schema on MySQL 8.0.31 and on 9.7.4 (made from {@code
   * mysql-fixture.sql}) reads to the model of that DDL, with what only MySQL 8 has.
   */
  @ParameterizedTest
  @CsvSource({"mysql-8.0.31.sql, 8, 0", "mysql-9.7.4.sql, 9, 7"})
  void readsAMySqlDumpToWhatItsDdlDescribes(String file, int major, int minor) throws IOException {
    String dump = resource(file);
    Flavor flavor = DdlParser.detectFlavor(dump).orElseThrow();

    Schema schema = DdlParser.parse(dump, flavor);

    assertThat(flavor).isEqualTo(new Flavor(Flavor.Kind.MYSQL, major, minor));
    assertThat(schema).isEqualTo(DdlParser.parse(resource("mysql-fixture.sql"), flavor));
    Table customers = schema.table("customers").orElseThrow();
    assertThat(customers.column("external_id").orElseThrow().defaultValue()).isEqualTo("(uuid())");
    assertThat(customers.column("nickname").orElseThrow().invisible()).isTrue();
    assertThat(customers.index("by_status").orElseThrow().visible()).isFalse();
    assertThat(customers.index("tags").orElseThrow().parts())
        .containsExactly(
            new IndexPart(null, "cast(prefs -> '$.tags' as unsigned array)", null, false));
    assertThat(customers.indexes())
        .extracting(Index::name)
        .as("keys over virtual columns and functional keys last, as MySQL stores them")
        .containsExactly(
            "PRIMARY", "email", "by_name", "by_zip", "by_status", "lower_email", "tags", "by_city");
    assertThat(customers.checks())
        .contains(check("customers_chk_1", "email <> ''"))
        .contains(new CheckConstraint("not_test", "not (email like '%@test.invalid')", false));
    assertThat(schema.table("notes").orElseThrow().index("ft_body").orElseThrow().parser())
        .isEqualTo("ngram");
    assertThat(schema.table("places").orElseThrow().column("location").orElseThrow().srid())
        .isEqualTo(4326);
    assertThat(schema.views())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.algorithm()).isEqualTo("MERGE");
              assertThat(v.security()).isEqualTo("INVOKER");
            });
    assertThat(schema.triggers()).extracting(Trigger::definer).containsExactly("root@localhost");
    assertThat(schema.routines())
        .extracting(Routine::name)
        .containsExactlyInAnyOrder("order_count", "close_customer");
    assertThat(schema.events()).extracting(Event::status).containsExactly("DISABLED");
  }

  private static Schema shop(Flavor flavor) {
    Table customers =
        table("customers", flavor)
            .addColumn(notNull("id", "int unsigned").autoIncrement(true))
            .addColumn(notNull("email", "varchar(191)"))
            .addColumn(
                col("name", "varchar(100)").collation("latin1_swedish_ci").comment("display name"))
            .addColumn(notNull("status", "enum('active','closed')").defaultValue("'active'"))
            .addColumn(col("prefs", "json"))
            .addColumn(notNull("created_at", "timestamp").defaultValue("CURRENT_TIMESTAMP"))
            .addColumn(col("external_id", "varchar(36)").defaultValue("(uuid())"))
            .addIndex(primary("id"))
            .addIndex(unique("email", "email"))
            .addIndex(
                Index.of(
                    "by_name", IndexKind.INDEX, List.of(new IndexPart("name", null, 20, false))))
            .addIndex(
                Index.of(
                    "lower_email",
                    IndexKind.INDEX,
                    List.of(new IndexPart(null, "lower(email)", null, false))))
            .addCheck(check("customers_chk_1", "email <> ''"))
            .option("AUTO_INCREMENT", "100")
            .option("COMMENT", "people")
            .build();
    Table eventsLog =
        table("events_log", flavor)
            .addColumn(notNull("id", "bigint"))
            .addColumn(notNull("at", "datetime"))
            .addIndex(primary("id", "at"))
            .partitioning(
                new Partitioning(
                    "RANGE",
                    "year(at)",
                    2,
                    null,
                    null,
                    0,
                    List.of(
                        Partition.of("p2024", "LESS THAN (2025)"),
                        Partition.of("pmax", "LESS THAN MAXVALUE"))))
            .build();
    Table orders =
        table("orders", flavor)
            .addColumn(notNull("id", "bigint"))
            .addColumn(notNull("customer_id", "int unsigned"))
            .addColumn(notNull("placed", "date"))
            .addColumn(notNull("total", "decimal(10,2)").defaultValue("0"))
            .addColumn(col("note", "text"))
            .addColumn(
                col("total_cents", "bigint").generated(new GeneratedColumn("total * 100", false)))
            .addIndex(primary("id", "placed"))
            .addIndex(key("customer_id", "customer_id"))
            .addForeignKey(
                new ForeignKey(
                    "orders_ibfk_1",
                    List.of("customer_id"),
                    null,
                    "customers",
                    List.of("id"),
                    ReferenceAction.CASCADE,
                    ReferenceAction.RESTRICT))
            .build();
    return new Schema(
        "shop",
        "utf8mb4",
        "utf8mb4_0900_ai_ci",
        List.of(customers, eventsLog, orders),
        List.of(
            new View(
                "open_orders",
                body(
                    "select `o`.`id` AS `id`,`c`.`email` AS `email` from (`orders` `o` join"
                        + " `customers` `c` on((`c`.`id` = `o`.`customer_id`))) where"
                        + " (`c`.`status` = 'active')"),
                "UNDEFINED",
                "DEFINER",
                "NONE",
                "root@localhost")),
        List.of(
            new Trigger(
                "orders_bi",
                "orders",
                "BEFORE",
                "INSERT",
                body("SET NEW.total = ROUND(NEW.total, 2)"),
                "root@localhost")),
        List.of(
            new Routine(
                "order_count",
                "FUNCTION",
                "p_id int unsigned",
                "int",
                body("RETURN (SELECT COUNT(*) FROM orders WHERE customer_id = p_id)"),
                true,
                "READS SQL DATA",
                "DEFINER",
                "",
                "root@localhost"),
            new Routine(
                "close_customer",
                "PROCEDURE",
                "in p_id int unsigned",
                null,
                body("BEGIN UPDATE customers SET status = 'closed' WHERE id = p_id; END"),
                false,
                "MODIFIES SQL DATA",
                "DEFINER",
                "",
                "root@localhost")),
        List.of(
            new Event(
                "purge_log",
                "every 1 day starts '2030-01-01 00:00:00'",
                true,
                "DISABLED",
                "nightly",
                body("DELETE FROM events_log WHERE at < NOW() - INTERVAL 1 YEAR"),
                "root@localhost")));
  }

  private static Schema legacy() {
    Flavor flavor = MYSQL_5_7;
    Table accounts =
        Table.builder("accounts")
            .flavor(flavor)
            .addColumn(notNull("id", "int").autoIncrement(true))
            .addColumn(notNull("login", "varchar(32)").charset("latin1"))
            .addColumn(notNull("balance", "decimal(12,2)").defaultValue("0"))
            .addColumn(notNull("flags", "tinyint(1)").defaultValue("0"))
            .addColumn(notNull("created", "datetime").defaultValue("CURRENT_TIMESTAMP"))
            .addColumn(
                notNull("touched", "timestamp")
                    .defaultValue("CURRENT_TIMESTAMP")
                    .onUpdate("CURRENT_TIMESTAMP"))
            .addIndex(primary("id"))
            .addIndex(unique("login", "login"))
            .option("AUTO_INCREMENT", "7")
            .option("DEFAULT CHARSET", "utf8mb4")
            .build();
    Table ledger =
        Table.builder("ledger")
            .flavor(flavor)
            .addColumn(notNull("id", "bigint unsigned").autoIncrement(true))
            .addColumn(notNull("account_id", "int"))
            .addColumn(notNull("amount", "decimal(12,2)"))
            .addColumn(col("memo", "text").collation("utf8mb4_unicode_ci"))
            .addIndex(primary("id"))
            .addIndex(key("fk_ledger_account", "account_id"))
            .addForeignKey(
                new ForeignKey(
                    "fk_ledger_account",
                    List.of("account_id"),
                    null,
                    "accounts",
                    List.of("id"),
                    ReferenceAction.CASCADE,
                    ReferenceAction.CASCADE))
            .option("DEFAULT CHARSET", "utf8mb4")
            .option("ROW_FORMAT", "DYNAMIC")
            .build();
    Table sessions =
        Table.builder("sessions")
            .flavor(flavor)
            .addColumn(notNull("id", "char(32)"))
            .addColumn(notNull("account_id", "int"))
            .addColumn(col("data", "blob"))
            .addIndex(primary("id", "account_id"))
            .option("DEFAULT CHARSET", "latin1")
            .partitioning(new Partitioning("KEY", "account_id", 4, null, null, 0, List.of()))
            .build();
    return new Schema(
        "",
        "",
        "",
        List.of(accounts, ledger, sessions),
        List.of(
            new View(
                "active_accounts",
                body(
                    "select `accounts`.`id` AS `id`,`accounts`.`login` AS `login` from `accounts`"
                        + " where (`accounts`.`flags` = 0)"),
                "UNDEFINED",
                "DEFINER",
                "NONE",
                "root@localhost")),
        List.of(
            new Trigger(
                "accounts_bu",
                "accounts",
                "BEFORE",
                "UPDATE",
                body(
                    "BEGIN IF NEW.balance < 0 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT ="
                        + " 'negative; balance'; END IF; END"),
                "root@localhost")),
        List.of(
            new Routine(
                "credit",
                "PROCEDURE",
                "in p_id int, in p_amount decimal(12, 2)",
                null,
                body("BEGIN UPDATE accounts SET balance = balance + p_amount WHERE id = p_id; END"),
                false,
                "MODIFIES SQL DATA",
                "INVOKER",
                "adds to a balance",
                "root@localhost")),
        List.of(
            new Event(
                "cleanup",
                "at '2030-06-01 12:00:00'",
                false,
                "ENABLED",
                "",
                body("DELETE FROM accounts WHERE flags = 9"),
                "root@localhost")));
  }

  private static Table.Builder table(String name, Flavor flavor) {
    return Table.builder(name).flavor(flavor).schemaDefaults("utf8mb4", "utf8mb4_0900_ai_ci");
  }

  private static String body(String sql) {
    return SqlExpressions.canonicalBody(sql, "");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DumpFileTest.class.getResourceAsStream("/dumps/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
