package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.internal.compare.RuleView;
import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clauses that turn one table into another of the same name: one ALTER TABLE for columns,
 * indexes, checks and options, plus the statements MySQL will not combine with it (a second
 * FULLTEXT index, a CHECK dropped and added again under its name).
 */
final class TableAlter {
  /** Values that reset a table option to what the server does when the option is not given. */
  private static final Map<String, String> RESETS =
      Map.ofEntries(
          Map.entry("COMMENT", "''"),
          Map.entry("KEY_BLOCK_SIZE", "0"),
          Map.entry("CHECKSUM", "0"),
          Map.entry("DELAY_KEY_WRITE", "0"),
          Map.entry("MIN_ROWS", "0"),
          Map.entry("MAX_ROWS", "0"),
          Map.entry("AVG_ROW_LENGTH", "0"),
          Map.entry("PAGE_CHECKSUM", "1"),
          Map.entry("PAGE_COMPRESSED", "0"),
          Map.entry("COMPRESSION", "'None'"),
          Map.entry("ENCRYPTION", "'N'"),
          Map.entry("CONNECTION", "''"),
          Map.entry("AUTO_INCREMENT", "1"));

  /** The source table; after a CONVERT TO, as the conversion leaves it. */
  Table from;

  final Table to;

  /** Statements that run before the table's ALTER TABLE: a CONVERT TO. */
  final List<Clause> before = new ArrayList<>();

  final List<Clause> clauses = new ArrayList<>();
  final List<Clause> separate = new ArrayList<>();

  /** Lower-case names of columns dropped, changed or dropped and added again. */
  final Set<String> touchedColumns = new HashSet<>();

  /** Lower-case names of columns in an index that is dropped, added, renamed or rebuilt. */
  final Set<String> indexedColumns = new HashSet<>();

  private final RuleView view;
  private final Dialect dialect;

  /**
   * Columns to MODIFY even when equal, because CONVERT TO may have widened their type, as they were
   * before it.
   */
  private final Map<String, Column> forced = new HashMap<>();

  private TableAlter(Table from, Table to, RuleView view, Dialect dialect) {
    this.from = from;
    this.to = to;
    this.view = view;
    this.dialect = dialect;
  }

  static TableAlter plan(
      Table from,
      Table to,
      RuleView view,
      Dialect dialect,
      boolean keepColumnOrder,
      boolean keepIndexOrder) {
    TableAlter alter = new TableAlter(from, to, view, dialect);
    alter.build(keepColumnOrder, keepIndexOrder);
    return alter;
  }

  boolean isEmpty() {
    return before.isEmpty() && clauses.isEmpty() && separate.isEmpty();
  }

  private void build(boolean keepColumnOrder, boolean keepIndexOrder) {
    convert();
    Map<String, Column> a = columns(from);
    Map<String, Column> b = columns(to);
    Set<String> unique = uniqueColumns();
    // Columns whose generation changes cannot be modified: drop them and add them again.
    Set<String> recreated = new HashSet<>();
    for (Map.Entry<String, Column> e : a.entrySet()) {
      Column y = b.get(e.getKey());
      if (y != null && !Objects.equals(e.getValue().generated(), y.generated())) {
        recreated.add(e.getKey());
      }
    }
    List<Clause> dropChecks = new ArrayList<>();
    List<Clause> dropIndexes = new ArrayList<>();
    List<Clause> dropColumns = new ArrayList<>();
    List<Clause> columnClauses = new ArrayList<>();
    List<Clause> addIndexes = new ArrayList<>();
    List<Clause> addChecks = new ArrayList<>();

    for (Map.Entry<String, Column> e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) {
        touchedColumns.add(e.getKey());
        dropColumns.add(
            Clause.unsafe(
                "DROP COLUMN " + quoteName(e.getValue().name()),
                "drops column " + e.getValue().name() + " and its values"));
      } else if (recreated.contains(e.getKey())) {
        touchedColumns.add(e.getKey());
        Column x = e.getValue();
        boolean losesValues = x.generated() == null;
        String why =
            "drops and adds column " + x.name() + " because MySQL cannot MODIFY a generated column";
        dropColumns.add(
            losesValues
                ? Clause.unsafe("DROP COLUMN " + quoteName(x.name()), why + "; its values are lost")
                : Clause.safe("DROP COLUMN " + quoteName(x.name()), why));
      }
    }
    new ColumnChanges(view, dialect, keepColumnOrder, forced, touchedColumns)
        .clauses(a, b, recreated, unique, columnClauses);
    IndexChanges indexes = IndexChanges.plan(from, to, view, dialect, recreated, keepIndexOrder);
    dropIndexes.addAll(indexes.drops);
    addIndexes.addAll(indexes.adds);
    separate.addAll(indexes.separate);
    indexedColumns.addAll(indexes.indexedColumns);
    checkClauses(recreated, dropChecks, addChecks);
    List<Clause> options = optionClauses();

    clauses.addAll(dropChecks);
    clauses.addAll(dropIndexes);
    clauses.addAll(dropColumns);
    clauses.addAll(columnClauses);
    clauses.addAll(addIndexes);
    clauses.addAll(addChecks);
    clauses.addAll(options);
    if (indexes.reordered) {
      clauses.add(
          Clause.safe(
              "FORCE",
              "rebuilds the table: the server keeps an unchanged index dropped and added again in"
                  + " its old place"));
    }
  }

  /**
   * Converts every text column with one CONVERT TO when the table's default charset or collation
   * changes and some column follows it on both sides. The rest of the plan then starts from the
   * converted table: columns that end up with another charset are modified after, and TEXT columns,
   * which the server may have widened to hold as many characters, are modified back.
   */
  private void convert() {
    String oldCharset = from.defaultCharset();
    String oldCollation = from.defaultCollation();
    String charset = to.defaultCharset();
    String collation = to.defaultCollation();
    if (charset == null
        || collation == null
        || (charset.equals(oldCharset) && collation.equals(oldCollation))) {
      return;
    }
    boolean follows = false;
    for (Column c : to.columns()) {
      Column old = from.column(c.name()).orElse(null);
      follows |=
          old != null
              && c.isText()
              && old.isText()
              && charset.equals(c.charset())
              && collation.equals(c.collation())
              && Objects.equals(oldCharset, old.charset())
              && Objects.equals(oldCollation, old.collation());
    }
    if (!follows) {
      return;
    }
    Set<String> unique = uniqueColumns();
    List<Column> converted = new ArrayList<>();
    List<String> unsafe = new ArrayList<>();
    for (Column c : from.columns()) {
      if (!c.isText()) {
        converted.add(c);
        continue;
      }
      Column x = c.toBuilder().charset(charset).collation(collation).build();
      converted.add(x);
      String key = c.name().toLowerCase(Locale.ROOT);
      touchedColumns.add(key);
      String why = TypeSafety.unsafeReason(c, x, unique.contains(key));
      if (why != null) {
        unsafe.add(why);
      }
      if (c.type().equals("tinytext") || c.type().equals("text") || c.type().equals("mediumtext")) {
        forced.put(key, c);
      }
    }
    Map<String, String> options = new LinkedHashMap<>(from.options());
    options.put(Table.DEFAULT_CHARSET, charset);
    options.put(Table.COLLATE, collation);
    from =
        new Table(
            from.name(),
            converted,
            from.indexes(),
            from.foreignKeys(),
            from.checks(),
            options,
            from.partitioning());
    String sql = "CONVERT TO CHARACTER SET " + charset + " COLLATE " + collation;
    before.add(
        unsafe.isEmpty()
            ? Clause.safe(sql, "converts every text column to " + collation)
            : Clause.unsafe(sql, String.join("; ", unsafe)));
  }

  private void checkClauses(Set<String> recreated, List<Clause> drops, List<Clause> adds) {
    Map<String, CheckConstraint> a = new LinkedHashMap<>();
    from.checks().forEach(c -> a.put(c.name(), c));
    Map<String, CheckConstraint> b = new LinkedHashMap<>();
    to.checks().forEach(c -> b.put(c.name(), c));
    Set<String> dropped = new TreeSet<>();
    for (CheckConstraint x : a.values()) {
      CheckConstraint y = b.get(x.name());
      if (y == null || !y.equals(x) || IndexChanges.mentions(x.expression(), recreated)) {
        dropped.add(x.name());
        drops.add(Clause.safe(dialect.dropCheck(x.name()), "drops check " + x.name()));
      }
    }
    for (CheckConstraint y : b.values()) {
      if (a.containsKey(y.name()) && !dropped.contains(y.name())) {
        continue;
      }
      Clause add = Clause.safe("ADD " + DdlRenderer.check(y), "adds check " + y.name());
      if (dropped.contains(y.name())) {
        separate.add(add); // the name is taken until the ALTER that drops it has run
      } else {
        adds.add(add);
      }
    }
  }

  private List<Clause> optionClauses() {
    List<Clause> out = new ArrayList<>();
    Map<String, String> a = view.options(from);
    Map<String, String> b = view.options(to);
    boolean charsetChanged =
        !Objects.equals(a.get(Table.DEFAULT_CHARSET), b.get(Table.DEFAULT_CHARSET))
            || !Objects.equals(a.get(Table.COLLATE), b.get(Table.COLLATE));
    if (charsetChanged && b.get(Table.DEFAULT_CHARSET) != null) {
      String sql = "DEFAULT CHARSET=" + b.get(Table.DEFAULT_CHARSET);
      if (b.get(Table.COLLATE) != null) {
        sql += " COLLATE=" + b.get(Table.COLLATE);
      }
      out.add(Clause.safe(sql, "changes the default charset and collation of new columns"));
    }
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String key : keys) {
      if (key.equals(Table.DEFAULT_CHARSET) || key.equals(Table.COLLATE)) {
        continue;
      }
      String x = a.get(key);
      String y = b.get(key);
      if (Objects.equals(x, y)) {
        continue;
      }
      if (key.equals("WITH_SYSTEM_VERSIONING")) {
        out.add(
            y == null
                ? Clause.unsafe("DROP SYSTEM VERSIONING", "drops system versioning and the history")
                : Clause.safe("ADD SYSTEM VERSIONING", "adds system versioning"));
      } else if (y == null) {
        String reset = RESETS.getOrDefault(key, "DEFAULT");
        out.add(
            Clause.safe(
                DdlRenderer.option(key, "x").replaceFirst("=.*$", "=" + reset),
                "resets table option " + key + " to its default"));
      } else if (key.equals("ENGINE")) {
        String loss = EngineSafety.unsafeReason(to.name(), x, y);
        out.add(
            loss == null
                ? Clause.safe("ENGINE=" + y, "changes the storage engine to " + y)
                : Clause.unsafe("ENGINE=" + y, loss));
      } else {
        out.add(Clause.safe(DdlRenderer.option(key, y), "sets table option " + key));
      }
    }
    return out;
  }

  private Set<String> uniqueColumns() {
    Set<String> out = new HashSet<>();
    for (Table t : List.of(from, to)) {
      for (Index i : t.indexes()) {
        if (i.isUnique()) {
          i.parts().stream()
              .filter(p -> p.column() != null)
              .forEach(p -> out.add(p.column().toLowerCase(Locale.ROOT)));
        }
      }
    }
    return out;
  }

  private static Map<String, Column> columns(Table table) {
    Map<String, Column> out = new LinkedHashMap<>();
    table.columns().forEach(c -> out.put(c.name().toLowerCase(Locale.ROOT), c));
    return out;
  }
}
