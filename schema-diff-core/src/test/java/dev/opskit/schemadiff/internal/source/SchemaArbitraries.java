package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random schemas of tables with every kind of column, index, key, check, option and partition. */
final class SchemaArbitraries {
  private static final List<String> SPECIAL_NAMES =
      List.of("key", "order", "primary", "check", "My Col", "x`y", "Ünï", "sel;ect", "a--b");

  private static final List<String[]> CHARSETS =
      List.of(
          new String[] {"latin1", null},
          new String[] {"latin1", "latin1_bin"},
          new String[] {"utf8mb4", "utf8mb4_bin"},
          new String[] {"utf8mb4", "utf8mb4_unicode_ci"},
          new String[] {"ascii", "ascii_general_ci"},
          new String[] {"utf8mb3", null});

  private SchemaArbitraries() {}

  static Arbitrary<Case> cases() {
    return Arbitraries.of(Flavor.MYSQL_8_0, Flavor.MARIADB_10_11)
        .flatMap(
            flavor ->
                names(1, 4)
                    .flatMap(
                        tableNames -> {
                          List<Arbitrary<Table>> tables = new ArrayList<>();
                          for (String name : tableNames) {
                            tables.add(table(flavor, name, tableNames));
                          }
                          return Combinators.combine(tables)
                              .as(
                                  built ->
                                      new Case(
                                          flavor,
                                          new Schema(
                                              "", "", "", built, List.of(), List.of(), List.of(),
                                              List.of())));
                        }));
  }

  /** Distinct names, distinct also ignoring case, some needing quotes. */
  static Arbitrary<List<String>> names(int min, int max) {
    Arbitrary<String> plain =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> name =
        Arbitraries.frequencyOf(Tuple.of(8, plain), Tuple.of(1, Arbitraries.of(SPECIAL_NAMES)));
    return name.list()
        .ofMinSize(min)
        .ofMaxSize(max)
        .uniqueElements(n -> n.toLowerCase(Locale.ROOT));
  }

  private static Arbitrary<Table> table(Flavor flavor, String name, List<String> tableNames) {
    return names(1, 7)
        .flatMap(
            columnNames -> {
              List<Arbitrary<Column>> columns = new ArrayList<>();
              for (int i = 0; i < columnNames.size(); i++) {
                columns.add(column(flavor, columnNames.get(i), i == 0 ? null : columnNames.get(0)));
              }
              return Combinators.combine(columns).as(List::copyOf);
            })
        .flatMap(
            columns ->
                Combinators.combine(
                        indexes(flavor, columns),
                        foreignKeys(columns, tableNames),
                        checks(columns),
                        options(),
                        partitioning(columns))
                    .as(
                        (indexes, fks, checks, options, partitioning) -> {
                          Table.Builder table = Table.builder(name).flavor(flavor);
                          columns.forEach(c -> table.addColumn(c.toBuilder()));
                          indexes.forEach(table::addIndex);
                          fks.forEach(table::addForeignKey);
                          checks.forEach(table::addCheck);
                          boolean counted = columns.stream().anyMatch(Column::autoIncrement);
                          options.stream()
                              .filter(o -> counted || !o[0].equals("AUTO_INCREMENT"))
                              .forEach(o -> table.option(o[0], o[1]));
                          return table.partitioning(partitioning).build();
                        }));
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withChars("abcXYZ 0'\"\\;-#/*`é€\n")
        .ofMinLength(0)
        .ofMaxLength(10);
  }

  private static Arbitrary<String> quoted() {
    return text().map(SqlExpressions::quote);
  }

  /** A column of a random type with a default that fits it, or a generated one. */
  private static Arbitrary<Column> column(Flavor flavor, String name, String firstColumn) {
    Arbitrary<Column.Builder> typed =
        Arbitraries.oneOf(
            Arbitraries.of("int", "int unsigned", "bigint", "smallint", "tinyint(1)")
                .flatMap(
                    type ->
                        Arbitraries.integers()
                            .between(type.contains("unsigned") || type.contains("(1)") ? 0 : -99, 1)
                            .map(String::valueOf)
                            .injectNull(0.3)
                            .map(d -> Column.builder(name, type).defaultValue(d))),
            Arbitraries.of("decimal(10,2)", "double", "float")
                .flatMap(
                    type ->
                        Arbitraries.of("1.5", "-3.25", "0", "2.75", "100")
                            .injectNull(0.3)
                            .map(d -> Column.builder(name, type).defaultValue(d))),
            Combinators.combine(
                    Arbitraries.of("varchar", "char"),
                    Arbitraries.integers().between(1, 255),
                    quoted().injectNull(0.3),
                    Arbitraries.of(CHARSETS).injectNull(0.5))
                .as(
                    (base, size, d, cs) ->
                        Column.builder(name, base + "(" + size + ")")
                            .defaultValue(d)
                            .charset(cs == null ? null : cs[0])
                            .collation(cs == null ? null : cs[1])),
            Arbitraries.of("text", "mediumtext", "longtext", "blob", "varbinary(16)", "binary(4)")
                .map(type -> Column.builder(name, type)),
            Arbitraries.of("enum('a','b''c')", "set('x','y')")
                .flatMap(
                    type ->
                        Arbitraries.of("'a'", "'x'", "'x,y'", "'b''c'")
                            .filter(d -> type.startsWith("set") == d.matches("'x.*"))
                            .injectNull(0.3)
                            .map(d -> Column.builder(name, type).defaultValue(d))),
            Arbitraries.of(
                    "date:'2020-01-02'",
                    "datetime:'2020-01-02 03:04:05'",
                    "datetime(3):CURRENT_TIMESTAMP(3)",
                    "timestamp(6):now(6)",
                    "time:'10:00:00'",
                    "year:2020",
                    "bit(4):b'1010'")
                .map(
                    spec -> {
                      String[] parts = spec.split(":", 2);
                      return Column.builder(name, parts[0]).defaultValue(parts[1]);
                    }),
            Arbitraries.of("varchar(36):(uuid())", "int:(1 + 2)", "json:NULL")
                .map(
                    spec -> {
                      String[] parts = spec.split(":", 2);
                      return Column.builder(name, parts[0]).defaultValue(parts[1]);
                    }));
    Arbitrary<Column.Builder> generated =
        firstColumn == null
            ? typed
            : Arbitraries.of(true, false)
                .map(
                    stored ->
                        Column.builder(name, "bigint")
                            .generated(
                                new GeneratedColumn(
                                    "length(" + SqlExpressions.quoteName(firstColumn) + ") + 1",
                                    stored)));
    return Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(9, typed), Tuple.of(1, generated)),
            Arbitraries.of(true, false),
            text(),
            Arbitraries.integers().between(0, 9))
        .as(
            (builder, nullable, comment, dice) -> {
              Column c = builder.nullable(nullable).comment(comment).invisible(dice == 0).build();
              if (c.type().equals("int") && c.generated() == null && dice == 1) {
                // An AUTO_INCREMENT column: the server makes it NOT NULL, without a default.
                c = c.toBuilder().autoIncrement(true).nullable(false).defaultValue(null).build();
              }
              return c;
            });
  }

  private static Arbitrary<List<Index>> indexes(Flavor flavor, List<Column> columns) {
    Arbitrary<Index> index =
        Combinators.combine(
                Arbitraries.of(columns).list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
                Arbitraries.of(IndexKind.UNIQUE, IndexKind.INDEX, IndexKind.FULLTEXT),
                Arbitraries.of(true, false),
                text(),
                Arbitraries.of("", "HASH").injectNull(0.6),
                Arbitraries.integers().between(1, 9))
            .as(
                (cols, kind, visible, comment, algorithm, prefix) -> {
                  boolean textOnly = cols.stream().allMatch(SchemaArbitraries::isFullTextable);
                  IndexKind k = kind == IndexKind.FULLTEXT && !textOnly ? IndexKind.INDEX : kind;
                  List<IndexPart> parts = new ArrayList<>();
                  for (int i = 0; i < cols.size(); i++) {
                    Column c = cols.get(i);
                    boolean prefixed =
                        k != IndexKind.FULLTEXT && prefix < 5 && isPrefixable(c, prefix);
                    boolean desc = k != IndexKind.FULLTEXT && prefix % 2 == 0;
                    parts.add(new IndexPart(c.name(), null, prefixed ? prefix : null, desc));
                  }
                  if (flavor == Flavor.MYSQL_8_0 && prefix == 9 && k == IndexKind.INDEX) {
                    parts.add(
                        new IndexPart(
                            null,
                            "abs(" + SqlExpressions.quoteName(cols.get(0).name()) + ")",
                            null,
                            false));
                  }
                  boolean longUnique =
                      flavor.isMariaDb()
                          && k == IndexKind.UNIQUE
                          && parts.stream()
                              .anyMatch(
                                  p ->
                                      p.prefixLength() == null
                                          && columns.stream()
                                              .anyMatch(
                                                  c -> c.name().equals(p.column()) && isLob(c)));
                  return new Index(
                      "placeholder",
                      k,
                      parts,
                      visible,
                      comment,
                      k == IndexKind.FULLTEXT && prefix < 3 ? "ngram" : null,
                      // MariaDB keeps a UNIQUE key on a whole TEXT or BLOB column as a hash.
                      longUnique
                          ? "HASH"
                          : algorithm == null || algorithm.isEmpty() ? null : algorithm,
                      Map.of());
                });
    Arbitrary<Index> primary =
        Arbitraries.of(columns)
            .list()
            .ofMinSize(1)
            .ofMaxSize(2)
            .uniqueElements()
            .filter(cols -> cols.stream().allMatch(c -> c.generated() == null))
            .map(
                cols ->
                    Index.of(
                        "PRIMARY",
                        IndexKind.PRIMARY,
                        cols.stream().map(c -> IndexPart.of(c.name())).toList()));
    return Combinators.combine(primary.injectNull(0.4), index.list().ofMaxSize(4))
        .as(
            (pk, others) -> {
              List<Index> out = new ArrayList<>();
              if (pk != null) {
                out.add(pk);
              }
              for (int i = 0; i < others.size(); i++) {
                Index o = others.get(i);
                out.add(
                    new Index(
                        "idx_" + i,
                        o.kind(),
                        o.parts(),
                        o.visible(),
                        o.comment(),
                        o.parser(),
                        o.algorithm(),
                        Map.of()));
              }
              return out;
            });
  }

  private static boolean isLob(Column c) {
    return c.type().endsWith("text") || c.type().endsWith("blob") || c.type().equals("json");
  }

  private static boolean isFullTextable(Column c) {
    return c.isText() && !c.type().startsWith("enum") && !c.type().startsWith("set");
  }

  /** Whether an index may take a prefix of the column that is shorter than the column. */
  private static boolean isPrefixable(Column c, int prefix) {
    Matcher sized = Pattern.compile("(?:var)?(?:char|binary)\\((\\d+)\\)").matcher(c.type());
    if (sized.matches() && Integer.parseInt(sized.group(1)) <= prefix) {
      return false;
    }
    return (c.isText() && !c.type().startsWith("enum") && !c.type().startsWith("set"))
        || c.type().contains("blob")
        || c.type().contains("binary");
  }

  private static Arbitrary<List<ForeignKey>> foreignKeys(
      List<Column> columns, List<String> tableNames) {
    Arbitrary<ForeignKey> fk =
        Combinators.combine(
                Arbitraries.of(columns).list().ofMinSize(1).ofMaxSize(2).uniqueElements(),
                Arbitraries.of(tableNames),
                Arbitraries.of("other").injectNull(0.8),
                Arbitraries.of(ReferenceAction.class),
                Arbitraries.of(ReferenceAction.class))
            .as(
                (cols, table, schema, onDelete, onUpdate) ->
                    new ForeignKey(
                        "placeholder",
                        cols.stream().map(Column::name).toList(),
                        schema,
                        table,
                        cols.stream().map(c -> "ref_" + c.name()).toList(),
                        onDelete,
                        onUpdate));
    return fk.list()
        .ofMaxSize(3)
        .map(
            fks -> {
              List<ForeignKey> named = new ArrayList<>();
              for (int i = 0; i < fks.size(); i++) {
                ForeignKey f = fks.get(i);
                named.add(
                    new ForeignKey(
                        "fk_" + i,
                        f.columns(),
                        f.referencedSchema(),
                        f.referencedTable(),
                        f.referencedColumns(),
                        f.onDelete(),
                        f.onUpdate()));
              }
              return named;
            });
  }

  private static Arbitrary<List<CheckConstraint>> checks(List<Column> columns) {
    Arbitrary<CheckConstraint> check =
        Combinators.combine(
                Arbitraries.of(columns),
                Arbitraries.of("> 0", "<> 'x'", "is not null", "between 1 and 9"),
                Arbitraries.of(true, false))
            .as(
                (c, condition, enforced) ->
                    new CheckConstraint(
                        "placeholder",
                        SqlExpressions.quoteName(c.name()) + " " + condition,
                        enforced));
    return check
        .list()
        .ofMaxSize(3)
        .map(
            checks -> {
              List<CheckConstraint> named = new ArrayList<>();
              for (int i = 0; i < checks.size(); i++) {
                CheckConstraint c = checks.get(i);
                named.add(new CheckConstraint("chk_" + i, c.expression(), c.enforced()));
              }
              return named;
            });
  }

  private static Arbitrary<List<String[]>> options() {
    Arbitrary<String[]> option =
        Arbitraries.oneOf(
            Arbitraries.of("InnoDB", "MyISAM", "Aria").map(v -> new String[] {"ENGINE", v}),
            Arbitraries.of("DYNAMIC", "COMPACT", "COMPRESSED")
                .map(v -> new String[] {"ROW_FORMAT", v}),
            text().map(v -> new String[] {"COMMENT", v}),
            Arbitraries.integers()
                .between(2, 1000)
                .map(v -> new String[] {"AUTO_INCREMENT", "" + v}),
            Arbitraries.of("0", "1").map(v -> new String[] {"STATS_PERSISTENT", v}),
            Arbitraries.of(CHARSETS).map(cs -> new String[] {"DEFAULT CHARSET", cs[0]}),
            Arbitraries.of("latin1_german1_ci", "utf8mb4_unicode_ci")
                .map(co -> new String[] {"COLLATE", co}),
            Arbitraries.of("/tmp/a b/", "/data/").map(v -> new String[] {"DATA DIRECTORY", v}));
    return option
        .list()
        .ofMaxSize(4)
        .uniqueElements(o -> o[0].equals("COLLATE") ? "DEFAULT CHARSET" : o[0])
        .map(
            list -> {
              // A charset and a collation of another charset cannot go together.
              Set<String> seen = new HashSet<>();
              return list.stream().filter(o -> seen.add(o[0])).toList();
            });
  }

  private static Arbitrary<Partitioning> partitioning(List<Column> columns) {
    List<Column> ints =
        columns.stream().filter(c -> c.type().equals("int") && c.generated() == null).toList();
    if (ints.isEmpty()) {
      return Arbitraries.just(null);
    }
    String col = SqlExpressions.quoteName(ints.get(0).name());
    Arbitrary<Partitioning> hash =
        Combinators.combine(
                Arbitraries.of("HASH", "LINEAR HASH", "KEY"), Arbitraries.integers().between(1, 8))
            .as((method, n) -> new Partitioning(method, col, n, null, null, 0, List.of()));
    Arbitrary<Partitioning> range =
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.of(true, false),
                text(),
                Arbitraries.of("HASH", "KEY").injectNull(0.6))
            .as(
                (n, maxvalue, comment, sub) -> {
                  List<Partition> partitions = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    partitions.add(
                        new Partition(
                            "p" + i, "LESS THAN (" + (i + 1) * 10 + ")", comment, List.of()));
                  }
                  if (maxvalue) {
                    partitions.add(Partition.of("pmax", "LESS THAN MAXVALUE"));
                  }
                  return new Partitioning(
                      "RANGE", col, 0, sub, sub == null ? null : col, 2, partitions);
                });
    Arbitrary<Partitioning> list =
        Arbitraries.integers()
            .between(1, 3)
            .map(
                n -> {
                  List<Partition> partitions = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    partitions.add(
                        Partition.of("l" + i, "IN (" + (2 * i) + "," + (2 * i + 1) + ")"));
                  }
                  return new Partitioning("LIST", col, 0, null, null, 0, partitions);
                });
    return Arbitraries.oneOf(hash, range, list).injectNull(0.6);
  }

  /** A flavor and a schema of one to four tables built for it. */
  record Case(Flavor flavor, Schema schema) {}
}
