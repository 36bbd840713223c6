package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.migrate.MigrationStatement;
import org.junit.jupiter.api.Test;

/**
 * Two releases of a small shop application's schema, migrated both ways on the real server: v2 adds
 * and drops indexes in the middle of its tables' key lists, so the downgrade re-adds keys that the
 * server would append at the end. After {@code applyTo} with unsafe statements allowed, the
 * database compares equal to the target under the same rules, index order included.
 */
class ReleaseMigrationIT {
  static final String V1 =
      """
      CREATE TABLE customers (
        id bigint unsigned NOT NULL AUTO_INCREMENT,
        email varchar(191) NOT NULL,
        name varchar(100) NOT NULL,
        country char(2) DEFAULT NULL,
        created_at datetime NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_email (email),
        KEY idx_country (country),
        KEY idx_created (created_at),
        KEY idx_name (name)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      CREATE TABLE orders (
        id bigint unsigned NOT NULL AUTO_INCREMENT,
        customer_id bigint unsigned NOT NULL,
        status varchar(20) NOT NULL,
        total decimal(12,2) NOT NULL,
        placed_at datetime NOT NULL,
        note text,
        PRIMARY KEY (id),
        KEY idx_customer (customer_id),
        KEY idx_status_placed (status, placed_at),
        KEY idx_placed (placed_at),
        FULLTEXT KEY ft_note (note),
        CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      CREATE TABLE order_items (
        order_id bigint unsigned NOT NULL,
        line int NOT NULL,
        sku varchar(40) NOT NULL,
        quantity int NOT NULL,
        PRIMARY KEY (order_id, line),
        KEY idx_sku (sku),
        CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      CREATE TABLE articles (
        id int NOT NULL,
        slug varchar(200) DEFAULT NULL,
        title varchar(200) NOT NULL,
        body text,
        author varchar(50) NOT NULL,
        UNIQUE KEY uq_id (id),
        UNIQUE KEY uq_slug (slug(100)),
        KEY idx_author (author),
        FULLTEXT KEY ft_title (title),
        FULLTEXT KEY ft_body (body),
        KEY idx_title (title(20))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      """;

  static final String V2 =
      """
      CREATE TABLE customers (
        id bigint unsigned NOT NULL AUTO_INCREMENT,
        email varchar(191) NOT NULL,
        name varchar(100) NOT NULL,
        country char(2) DEFAULT NULL,
        tenant_id int NOT NULL DEFAULT 0,
        created_at datetime NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_tenant_email (tenant_id, email),
        UNIQUE KEY uq_email (email),
        KEY idx_tenant (tenant_id),
        KEY idx_created (created_at),
        KEY idx_name (name)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      CREATE TABLE orders (
        id bigint unsigned NOT NULL AUTO_INCREMENT,
        customer_id bigint unsigned NOT NULL,
        status varchar(20) NOT NULL,
        total decimal(12,2) NOT NULL,
        placed_at datetime NOT NULL,
        note text,
        coupon varchar(20) DEFAULT NULL,
        PRIMARY KEY (id),
        KEY idx_customer_placed (customer_id, placed_at),
        KEY idx_coupon (coupon),
        KEY idx_status_placed (status, placed_at),
        FULLTEXT KEY ft_note (note),
        CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      CREATE TABLE order_items (
        order_id bigint unsigned NOT NULL,
        line int NOT NULL,
        sku varchar(40) NOT NULL,
        quantity int NOT NULL,
        PRIMARY KEY (order_id, line),
        UNIQUE KEY uq_order_sku (order_id, sku),
        KEY idx_sku (sku),
        CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      CREATE TABLE articles (
        id int NOT NULL,
        slug varchar(200) NOT NULL,
        title varchar(200) NOT NULL,
        body text,
        author varchar(50) NOT NULL,
        published tinyint NOT NULL DEFAULT 0,
        UNIQUE KEY uq_id (id),
        UNIQUE KEY uq_author_slug (author, slug),
        KEY idx_published (published),
        FULLTEXT KEY ft_body (body),
        KEY idx_author (author),
        KEY idx_title (title(20))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
      """;

  @Test
  void downgradeFromV2ToV1LeavesNoDifference() throws Exception {
    assertMigrates(V2, V1);
  }

  @Test
  void upgradeFromV1ToV2LeavesNoDifference() throws Exception {
    assertMigrates(V1, V2);
  }

  @Test
  void anIndexOrderOnlyDifferenceIsMigratedByRebuildingTheKeysAfterTheFirstMovedOne()
      throws Exception {
    String from =
        "CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, KEY ka (a), KEY kb (b), KEY kc"
            + " (c));";
    String to =
        "CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, KEY kb (b), KEY ka (a), KEY kc"
            + " (c));";
    try (RoundTrip trip = RoundTrip.create("order")) {
      trip.load(from, to);
      SchemaDiff diff = trip.diff();

      assertThat(diff.changes()).hasSize(1);
      assertThat(diff.migration(MigrationOptions.defaults()).statements())
          .extracting(MigrationStatement::sql)
          .containsExactly(
              "ALTER TABLE `t` DROP INDEX `ka`,\n  DROP INDEX `kc`,\n  ADD KEY `ka` (`a`),\n  ADD"
                  + " KEY `kc` (`c`),\n  FORCE");
      assertThat(trip.diff(b -> b.ignoreIndexOrder()).isEmpty()).isTrue();
    }
    assertMigrates(from, to);
  }

  private static void assertMigrates(String from, String to) throws Exception {
    try (RoundTrip trip = RoundTrip.create("release")) {
      trip.load(from, to);
      MigrationPlan plan =
          trip.diff().migration(MigrationOptions.builder().allowUnsafe(true).build());

      SchemaDiff left = plan.applyTo(trip.fromDb.dataSource());

      assertThat(left.isEmpty()).as("%s%nleft:%n%s", plan.sql(), left.unifiedDiff()).isTrue();
      assertThat(trip.diff().isEmpty()).isTrue();
    }
  }
}
