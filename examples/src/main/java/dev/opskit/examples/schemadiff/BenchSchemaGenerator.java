package dev.opskit.examples.schemadiff;

import dev.opskit.examples.schemadiff.TableSpec.Check;
import dev.opskit.examples.schemadiff.TableSpec.Column;
import dev.opskit.examples.schemadiff.TableSpec.ForeignKey;
import dev.opskit.examples.schemadiff.TableSpec.Index;
import dev.opskit.examples.schemadiff.TableSpec.IndexKind;
import dev.opskit.examples.schemadiff.TableSpec.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates a deterministic schema of many varied tables: every column family MariaDB and MySQL
 * share (integers, decimals, strings with their own charsets, text, temporal types with defaults,
 * enums, JSON, generated columns), one to four secondary indexes (composite, prefix, unique, a few
 * full-text), foreign keys to earlier tables, CHECK constraints, comments, and about 5% of tables
 * RANGE or HASH partitioned.
 *
 * <p>The same table count and seed always give the same statements. Partitioned tables neither have
 * nor receive foreign keys and have no unique secondary index, as InnoDB requires.
 */
final class BenchSchemaGenerator {
  private static final String[] WORDS = {
    "account", "order", "invoice", "payment", "customer", "product", "shipment", "ledger", "event",
    "session", "audit", "price", "stock", "refund", "coupon", "review", "address", "contact"
  };
  private static final String[] COLLATIONS = {
    "utf8mb4_unicode_ci",
    "utf8mb4_unicode_ci",
    "utf8mb4_general_ci",
    "utf8mb4_bin",
    "latin1_swedish_ci"
  };
  private static final String[] ON_DELETE = {"CASCADE", "SET NULL", "RESTRICT", "NO ACTION"};
  private static final int FK_WINDOW = 200;

  private final Random random;
  private final List<TableSpec> tables = new ArrayList<>();

  private BenchSchemaGenerator(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Generates the tables of one schema, in an order where every foreign key points to an earlier
   * table.
   */
  static List<TableSpec> generate(int tableCount, long seed) {
    if (tableCount < 1) {
      throw new IllegalArgumentException("tableCount must be at least 1, was " + tableCount);
    }
    BenchSchemaGenerator generator = new BenchSchemaGenerator(seed);
    for (int i = 0; i < tableCount; i++) {
      String name = String.format(Locale.ROOT, "t%05d_%s", i, generator.word());
      generator.tables.add(generator.table(name, i >= 10 && generator.random.nextInt(100) < 5));
    }
    return List.copyOf(generator.tables);
  }

  /**
   * Generates one extra table that may reference the given tables, for the tables that exist only
   * on one side of a comparison.
   */
  static TableSpec extraTable(String name, List<TableSpec> existing, long seed) {
    BenchSchemaGenerator generator = new BenchSchemaGenerator(seed);
    generator.tables.addAll(existing);
    return generator.table(name, false);
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private TableSpec table(String name, boolean partitioned) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("id", "bigint unsigned", "NOT NULL AUTO_INCREMENT", Kind.ID));
    int count = 3 + random.nextInt(12);
    for (int k = 1; k <= count; k++) {
      columns.add(column(k, columns));
    }
    List<ForeignKey> foreignKeys = new ArrayList<>();
    if (!partitioned) {
      int fkCount = random.nextInt(3);
      for (int k = 1; k <= fkCount; k++) {
        TableSpec target = target();
        if (target != null) {
          String column = "ref" + k + "_id";
          columns.add(new Column(column, "bigint unsigned", "NULL DEFAULT NULL", Kind.REFERENCE));
          String fk = "fk_" + name.substring(0, 6) + "_" + k;
          foreignKeys.add(
              new ForeignKey(
                  fk, column, target.name(), ON_DELETE[random.nextInt(ON_DELETE.length)]));
        }
      }
    }
    List<Index> indexes = indexes(columns, partitioned);
    List<Check> checks = new ArrayList<>();
    if (random.nextInt(100) < 15) {
      columns.stream()
          .filter(c -> c.kind() == Kind.INTEGER)
          .findFirst()
          .ifPresent(
              c ->
                  checks.add(
                      new Check(
                          "chk_" + name.substring(0, 6) + "_" + c.name(),
                          "`" + c.name() + "` >= 0")));
    }
    String partitioning = null;
    if (partitioned) {
      partitioning =
          random.nextBoolean()
              ? "PARTITION BY RANGE (`id`) (PARTITION p0 VALUES LESS THAN (1000000),"
                  + " PARTITION p1 VALUES LESS THAN (2000000),"
                  + " PARTITION p2 VALUES LESS THAN (4000000),"
                  + " PARTITION pmax VALUES LESS THAN MAXVALUE)"
              : "PARTITION BY HASH (`id`) PARTITIONS " + (2 + random.nextInt(3));
    }
    return new TableSpec(
        name,
        columns,
        indexes,
        foreignKeys,
        checks,
        partitioning,
        COLLATIONS[random.nextInt(COLLATIONS.length)],
        random.nextInt(100) < 80 ? "DYNAMIC" : "COMPACT",
        random.nextInt(100) < 60 ? "holds " + name.substring(7) + " rows" : "");
  }

  /** Picks an earlier, unpartitioned table from the last few hundred, or null. */
  private TableSpec target() {
    if (tables.isEmpty()) {
      return null;
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      int from = Math.max(0, tables.size() - FK_WINDOW);
      TableSpec candidate = tables.get(from + random.nextInt(tables.size() - from));
      if (candidate.partitioning() == null) {
        return candidate;
      }
    }
    return null;
  }

  private Column column(int k, List<Column> earlier) {
    String comment = random.nextInt(100) < 30 ? " COMMENT 'column " + k + " of its table'" : "";
    int pick = random.nextInt(100);
    if (pick < 22) {
      String[] types = {"tinyint", "smallint", "int", "bigint", "int unsigned"};
      String type = types[random.nextInt(types.length)];
      return new Column(
          "c" + k + "_num",
          type,
          "NOT NULL DEFAULT '" + random.nextInt(100) + "'" + comment,
          Kind.INTEGER);
    }
    if (pick < 32) {
      int precision = 8 + random.nextInt(11);
      return new Column(
          "c" + k + "_amount",
          "decimal(" + precision + "," + (random.nextInt(5)) + ")",
          (random.nextBoolean() ? "NOT NULL DEFAULT '0'" : "NULL DEFAULT NULL") + comment,
          Kind.DECIMAL);
    }
    if (pick < 52) {
      int[] lengths = {16, 32, 64, 100, 191, 255};
      String charset =
          switch (random.nextInt(6)) {
            case 0 -> " CHARACTER SET ascii COLLATE ascii_bin";
            case 1 -> " CHARACTER SET latin1";
            case 2 -> " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
            default -> "";
          };
      return new Column(
          "c" + k + "_label",
          "varchar(" + lengths[random.nextInt(lengths.length)] + ")" + charset,
          (random.nextBoolean() ? "NOT NULL DEFAULT ''" : "NULL DEFAULT NULL") + comment,
          Kind.VARCHAR);
    }
    if (pick < 58) {
      return new Column(
          "c" + k + "_code",
          "char(" + (2 + random.nextInt(30)) + ") CHARACTER SET ascii",
          "NOT NULL DEFAULT ''" + comment,
          Kind.CHAR);
    }
    if (pick < 66) {
      return new Column(
          "c" + k + "_body",
          random.nextInt(4) == 0 ? "mediumtext" : "text",
          "NULL" + comment,
          Kind.TEXT);
    }
    if (pick < 80) {
      String[][] temporal = {
        {"datetime", "NOT NULL DEFAULT CURRENT_TIMESTAMP"},
        {"datetime(3)", "NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(3)"},
        {"timestamp", "NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"},
        {"date", "NULL DEFAULT NULL"},
        {"datetime", "NOT NULL DEFAULT '2020-01-01 00:00:00'"}
      };
      String[] t = temporal[random.nextInt(temporal.length)];
      return new Column("c" + k + "_at", t[0], t[1] + comment, Kind.TEMPORAL);
    }
    if (pick < 88) {
      return new Column(
          "c" + k + "_state",
          "enum('new','active','suspended','closed')",
          "NOT NULL DEFAULT 'new'" + comment,
          Kind.ENUM);
    }
    if (pick < 93) {
      return new Column("c" + k + "_doc", "json", "NULL DEFAULT NULL", Kind.JSON);
    }
    Column source =
        earlier.stream()
            .filter(c -> c.kind() == Kind.INTEGER || c.kind() == Kind.DECIMAL)
            .reduce((x, y) -> y)
            .orElse(null);
    if (source == null) {
      return new Column("c" + k + "_flag", "tinyint", "NOT NULL DEFAULT '0'", Kind.INTEGER);
    }
    boolean stored = random.nextBoolean();
    return new Column(
        "c" + k + "_derived",
        source.kind() == Kind.INTEGER ? "bigint" : "decimal(20,4)",
        "GENERATED ALWAYS AS (`" + source.name() + "` * 2) " + (stored ? "STORED" : "VIRTUAL"),
        Kind.GENERATED);
  }

  private List<Index> indexes(List<Column> columns, boolean partitioned) {
    List<Column> indexable =
        columns.stream()
            .filter(
                c ->
                    switch (c.kind()) {
                      case INTEGER, DECIMAL, VARCHAR, CHAR, TEXT, TEMPORAL, ENUM -> true;
                      default -> false;
                    })
            .toList();
    List<Index> indexes = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    if (!partitioned && random.nextInt(100) < 3) {
      columns.stream()
          .filter(c -> c.kind() == Kind.TEXT)
          .findFirst()
          .ifPresent(
              c ->
                  indexes.add(
                      new Index(
                          "ft_" + c.name(), IndexKind.FULLTEXT, List.of("`" + c.name() + "`"))));
    }
    if (indexable.isEmpty()) {
      return indexes;
    }
    int count = 1 + random.nextInt(4);
    for (int n = 1; n <= count; n++) {
      int width = Math.min(indexable.size(), random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1);
      List<Column> pool = new ArrayList<>(indexable);
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < width; p++) {
        parts.add(part(pool.remove(random.nextInt(pool.size()))));
      }
      if (!seen.add(parts)) {
        continue;
      }
      boolean unique = !partitioned && random.nextInt(100) < 20;
      indexes.add(
          new Index(
              (unique ? "ux_" : "ix_") + n, unique ? IndexKind.UNIQUE : IndexKind.INDEX, parts));
    }
    return indexes;
  }

  /**
   * Renders one index part: long strings and text get a prefix so every key fits COMPACT rows' 767
   * bytes.
   */
  private String part(Column column) {
    String name = "`" + column.name() + "`";
    if (column.kind() == Kind.TEXT) {
      return name + "(32)";
    }
    if (column.kind() == Kind.VARCHAR) {
      int length = Integer.parseInt(column.type().replaceAll("varchar\\((\\d+)\\).*", "$1"));
      if (length > 64 || random.nextInt(4) == 0) {
        return name + "(" + Math.min(length - 1, 8 + random.nextInt(16)) + ")";
      }
    }
    return name;
  }
}
