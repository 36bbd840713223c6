package dev.opskit.schemadiff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random schemas for migration round trips, as DDL text: a fixed {@code parent} table and a table
 * {@code t} whose columns (types, order, nullability, defaults, a generated column), indexes,
 * foreign key, check, options and partitioning vary, plus an optional second table, view chain,
 * trigger, procedure and function. Every generated schema is valid on the server it is generated
 * for: partitioned tables get no foreign key and no unique secondary index, indexes only cover
 * indexable columns. For MySQL the schemas also take what only MySQL has: NOT NULL generated
 * columns and keys over expressions, visible or not. Two independent schemas form a pair, so
 * shrinking reduces both to the smallest failing pair.
 */
final class RandomSchemaPairs {
  static final List<String> TYPES =
      List.of(
          "int",
          "bigint",
          "tinyint",
          "smallint unsigned",
          "varchar(10)",
          "varchar(40)",
          "char(5)",
          "text",
          "decimal(8,2)",
          "decimal(12,4)",
          "datetime",
          "date",
          "enum('a','b')",
          "enum('a','b','c')",
          "double");

  static final List<String> PARTITIONS =
      List.of(
          "",
          "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS"
              + " THAN (20), PARTITION pmax VALUES LESS THAN MAXVALUE)",
          "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS"
              + " THAN (20), PARTITION p2 VALUES LESS THAN (30))",
          "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p2 VALUES LESS"
              + " THAN (30), PARTITION pmax VALUES LESS THAN MAXVALUE)",
          "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (5), PARTITION p1 VALUES LESS"
              + " THAN (20), PARTITION pmax VALUES LESS THAN MAXVALUE COMMENT = 'rest')",
          "PARTITION BY HASH (id) PARTITIONS 2",
          "PARTITION BY HASH (id) PARTITIONS 4",
          "PARTITION BY KEY (id) PARTITIONS 3",
          "PARTITION BY LIST (id) (PARTITION l0 VALUES IN (1,2), PARTITION l1 VALUES IN (3,4))",
          "PARTITION BY LIST (id) (PARTITION l0 VALUES IN (1,2), PARTITION l1 VALUES IN (3,4,5),"
              + " PARTITION l2 VALUES IN (6))");

  private RandomSchemaPairs() {}

  /** One column of {@code t}: its name index (c0..c5), type, nullability and default. */
  record ColumnSpec(int name, String type, boolean nullable, boolean withDefault) {
    String ddl() {
      StringBuilder out = new StringBuilder("c" + name + " " + type);
      out.append(nullable ? " NULL" : " NOT NULL");
      if (withDefault) {
        out.append(" DEFAULT ").append(defaultFor(type));
      }
      return out.toString();
    }

    boolean indexable() {
      return !type.equals("text");
    }

    private static String defaultFor(String type) {
      if (type.startsWith("varchar") || type.startsWith("char")) {
        return "'x'";
      }
      if (type.startsWith("enum")) {
        return "'a'";
      }
      if (type.equals("datetime")) {
        return "'2020-01-01 00:00:00'";
      }
      if (type.equals("date")) {
        return "'2020-01-01'";
      }
      if (type.equals("text")) {
        return "('t')";
      }
      return "1";
    }
  }

  /** A secondary index: name index (k0..k2), columns as positions into the column list. */
  record IndexSpec(int name, List<Integer> columns, boolean unique) {}

  /** One schema. */
  record SchemaSpec(
      List<ColumnSpec> columns,
      int generated,
      List<IndexSpec> indexes,
      int foreignKey,
      int check,
      int options,
      int partitioning,
      int side,
      int views,
      int trigger,
      int routine,
      int expressionKey) {

    String ddl() {
      String partition = PARTITIONS.get(partitioning);
      boolean partitioned = !partition.isEmpty();
      List<String> lines = new ArrayList<>();
      lines.add("id int NOT NULL AUTO_INCREMENT");
      lines.add("n int NOT NULL DEFAULT 0");
      for (ColumnSpec c : columns) {
        lines.add(c.ddl());
      }
      switch (generated) {
        case 1 -> lines.add("g int GENERATED ALWAYS AS (n * 2) VIRTUAL");
        case 2 -> lines.add("g int GENERATED ALWAYS AS (n * 2) STORED");
        case 3 -> lines.add("g int NULL");
        case 4 -> lines.add("g int GENERATED ALWAYS AS (n * 2) STORED NOT NULL");
        case 5 -> lines.add("g int GENERATED ALWAYS AS (n * 3) VIRTUAL NOT NULL");
        default -> {}
      }
      boolean withFk = foreignKey > 0 && !partitioned;
      if (withFk) {
        lines.add("pid int NULL");
      }
      lines.add("PRIMARY KEY (id)");
      Set<Integer> names = new HashSet<>();
      for (IndexSpec index : indexes) {
        List<String> parts = new ArrayList<>();
        for (int position : index.columns()) {
          ColumnSpec c = columns.get(position % columns.size());
          String part = "c" + c.name();
          if (c.indexable() && !parts.contains(part)) {
            parts.add(part);
          }
        }
        if (parts.isEmpty() || !names.add(index.name())) {
          continue;
        }
        boolean unique = index.unique() && !partitioned;
        lines.add(
            (unique ? "UNIQUE KEY " : "KEY ")
                + "k"
                + index.name()
                + " ("
                + String.join(",", parts)
                + ")");
      }
      switch (expressionKey) {
        case 1 -> lines.add("KEY kx ((n + 1))");
        case 2 -> lines.add("KEY kx ((n + 1)) INVISIBLE");
        case 3 -> lines.add("KEY kx ((n * 2), id)");
        default -> {}
      }
      if (withFk) {
        lines.add(
            "CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES parent (id)"
                + (foreignKey == 2 ? " ON DELETE CASCADE" : ""));
      }
      if (check > 0) {
        lines.add("CONSTRAINT chk_n CHECK (n " + (check == 1 ? ">" : ">=") + " 0)");
      }
      StringBuilder out =
          new StringBuilder(
              "CREATE TABLE parent (id int NOT NULL PRIMARY KEY, code varchar(10) NOT NULL,"
                  + " UNIQUE KEY uk_code (code));\n");
      out.append("CREATE TABLE t (\n  ")
          .append(String.join(",\n  ", lines))
          .append("\n)")
          .append(
              switch (options) {
                case 1 -> " COMMENT='random' ROW_FORMAT=DYNAMIC";
                case 2 -> " ROW_FORMAT=COMPACT";
                case 3 -> " DEFAULT CHARSET=latin1";
                default -> "";
              })
          .append(partitioned ? "\n" + partition : "")
          .append(";\n");
      if (side > 0) {
        out.append("CREATE TABLE side (id int NOT NULL PRIMARY KEY, pid int")
            .append(side == 2 ? ", note varchar(20)" : "")
            .append(", CONSTRAINT fk_side FOREIGN KEY (pid) REFERENCES parent (id));\n");
      }
      if (views > 0) {
        out.append("CREATE VIEW v1 AS SELECT id").append(views == 2 ? ", 1 AS one" : "");
        out.append(" FROM t;\n");
        if (views == 3) {
          out.append("CREATE VIEW v2 AS SELECT id FROM v1;\n");
        }
      }
      if (trigger > 0) {
        out.append("CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.id = NEW.id")
            .append(trigger == 2 ? " + 0" : "")
            .append(";\n");
      }
      if (routine > 0) {
        out.append("CREATE PROCEDURE touch_t() BEGIN UPDATE t SET n = n")
            .append(routine == 2 ? " + 1" : "")
            .append("; END;\n");
        out.append("CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * ")
            .append(routine)
            .append(";\n");
      }
      return out.toString();
    }
  }

  /**
   * Returns schemas for a server.
   *
   * @param mySql whether the server is Oracle MySQL, which takes MySQL-only DDL
   */
  static Arbitrary<SchemaSpec> schemas(boolean mySql) {
    Arbitrary<ColumnSpec> column =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.of(TYPES),
                Arbitraries.of(true, false),
                Arbitraries.of(false, true))
            .as(ColumnSpec::new);
    Arbitrary<List<ColumnSpec>> columns =
        column.list().ofMinSize(1).ofMaxSize(5).uniqueElements(ColumnSpec::name);
    Arbitrary<IndexSpec> index =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(false, true))
            .as(IndexSpec::new);
    Arbitrary<List<IndexSpec>> indexes = index.list().ofMaxSize(3);
    Arbitrary<Integer> partitioning =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, PARTITIONS.size() - 1)));
    return Combinators.combine(
            columns,
            Arbitraries.integers().between(0, mySql ? 5 : 3),
            indexes,
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 3),
            partitioning,
            Arbitraries.integers().between(0, 2))
        .flatAs(
            (c, g, i, fk, chk, opt, part, side) ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, mySql ? 3 : 0))
                    .as(
                        (views, trigger, routine, expressionKey) ->
                            new SchemaSpec(
                                c,
                                g,
                                i,
                                fk,
                                chk,
                                opt,
                                part,
                                side,
                                views,
                                trigger,
                                routine,
                                expressionKey)));
  }

  static String describe(SchemaSpec spec) {
    return spec.columns().stream().map(ColumnSpec::ddl).collect(Collectors.joining(", "));
  }
}
