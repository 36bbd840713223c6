package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.internal.compare.Comparison;
import dev.opskit.schemadiff.internal.compare.RuleView;
import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.migrate.Safety;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Schema;
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
import java.util.stream.Collectors;

/**
 * The table part of a plan: foreign keys dropped first, tables dropped in dependency order,
 * partitioning removed, one ALTER TABLE per changed table with its extra statements, new tables
 * created in dependency order, foreign keys added last.
 */
final class TablesPlan {
  private final MigrationPlanner planner;
  private final Dialect dialect;
  private final Schema from;
  private final Schema to;
  private final RuleView view;
  private final List<Change> changes;
  private final Map<String, Change> tableChanges = new HashMap<>();
  private final List<MigrationStatement> out;

  TablesPlan(MigrationPlanner planner, Comparison comparison, List<MigrationStatement> out) {
    this.planner = planner;
    this.dialect = new Dialect(planner.flavor);
    this.from = comparison.from();
    this.to = comparison.to();
    this.view = comparison.view();
    this.changes = comparison.changes();
    this.out = out;
    for (Change c : changes) {
      if (c.objectKind() == ObjectKind.TABLE) {
        tableChanges.put(c.objectName(), c);
      }
    }
  }

  void plan() {
    Map<String, Table> a = byName(from.tables());
    Map<String, Table> b = byName(to.tables());
    Map<String, TableAlter> alters = new LinkedHashMap<>();
    Map<String, PartitionChanges> partitions = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.objectKind() == ObjectKind.TABLE && c.changeType() == ChangeType.CHANGED) {
        Table x = c.from(Table.class);
        Table y = c.to(Table.class);
        alters.put(
            y.name(),
            TableAlter.plan(x, y, view, dialect, planner.keepColumnOrder, planner.keepIndexOrder));
        partitions.put(
            y.name(),
            PartitionChanges.plan(
                y.name(),
                view.partitioning(x),
                view.partitioning(y),
                y.partitioning(),
                planner.strategy));
      }
    }
    Map<String, List<ForeignKey>> fkDrops = new LinkedHashMap<>();
    Map<String, List<ForeignKey>> fkAdds = new LinkedHashMap<>();
    Map<String, Change> fkCause = new HashMap<>();
    foreignKeys(a, b, alters, fkDrops, fkAdds, fkCause);

    for (Map.Entry<String, List<ForeignKey>> e : fkDrops.entrySet()) {
      String sql =
          "ALTER TABLE "
              + quoteName(e.getKey())
              + " "
              + e.getValue().stream()
                  .map(fk -> "DROP FOREIGN KEY " + quoteName(fk.name()))
                  .collect(Collectors.joining(", "));
      add(sql, fkCause.get(e.getKey()), Clause.safe("", "drops foreign keys of " + e.getKey()));
    }
    dropTables(a);
    for (Map.Entry<String, PartitionChanges> e : partitions.entrySet()) {
      for (Clause clause : e.getValue().before) {
        add(clause.sql(), tableChanges.get(e.getKey()), clause);
      }
    }
    for (Map.Entry<String, TableAlter> e : alters.entrySet()) {
      alterStatements(e.getKey(), e.getValue());
      for (Clause clause : partitions.get(e.getKey()).after) {
        add(clause.sql(), tableChanges.get(e.getKey()), clause);
      }
    }
    createTables(a, b, fkAdds, fkCause);
    for (Map.Entry<String, List<ForeignKey>> e : fkAdds.entrySet()) {
      List<String> clauses = new ArrayList<>();
      Table target = b.get(e.getKey());
      Set<String> rebuilt = new HashSet<>();
      for (ForeignKey fk : e.getValue()) {
        // The server replaces an index it made for an earlier foreign key by one named after the
        // new constraint; adding the covering index by hand makes it keep its name.
        Index covering = ForeignKeys.covering(target, fk);
        if (a.containsKey(e.getKey())
            && covering != null
            && !covering.name().equalsIgnoreCase(fk.name())
            && !rebuilt.contains(covering.name().toLowerCase(Locale.ROOT))) {
          // Rebuilt indexes go last in their group: rebuild the ones after it too, in order.
          List<Index> indexes = target.indexes();
          int group = target.storedGroup(covering, dialect.flavor());
          for (int i = indexes.indexOf(covering); i < indexes.size(); i++) {
            Index index = indexes.get(i);
            if (target.storedGroup(index, dialect.flavor()) == group
                && rebuilt.add(index.name().toLowerCase(Locale.ROOT))) {
              clauses.add("DROP INDEX " + quoteName(index.name()));
              clauses.add("ADD " + dialect.index(index));
            }
          }
        }
      }
      for (ForeignKey fk : e.getValue()) {
        clauses.add("ADD " + DdlRenderer.foreignKey(fk));
      }
      String sql = "ALTER TABLE " + quoteName(e.getKey()) + " " + String.join(", ", clauses);
      add(sql, fkCause.get(e.getKey()), Clause.safe("", "adds foreign keys of " + e.getKey()));
    }
  }

  private void alterStatements(String table, TableAlter alter) {
    Change change = tableChanges.get(table);
    String prefix = "ALTER TABLE " + quoteName(table) + " ";
    for (Clause c : alter.before) {
      add(prefix + c.sql(), change, c);
    }
    List<Clause> safe = new ArrayList<>();
    List<Clause> unsafe = new ArrayList<>();
    for (Clause c : alter.clauses) {
      (c.safety() == Safety.SAFE || planner.combineUnsafe ? safe : unsafe).add(c);
    }
    if (!safe.isEmpty()) {
      add(prefix + join(safe), change, summary(safe));
    }
    if (!unsafe.isEmpty()) {
      add(prefix + join(unsafe), change, summary(unsafe));
    }
    for (Clause c : alter.separate) {
      add(prefix + c.sql(), change, c);
    }
  }

  private String join(List<Clause> clauses) {
    return clauses.stream().map(Clause::sql).collect(Collectors.joining(",\n  "));
  }

  private Clause summary(List<Clause> clauses) {
    List<String> unsafe =
        clauses.stream().filter(c -> c.safety() == Safety.UNSAFE).map(Clause::reason).toList();
    if (!unsafe.isEmpty()) {
      return Clause.unsafe("", String.join("; ", unsafe));
    }
    return Clause.safe(
        "", clauses.stream().map(Clause::reason).distinct().collect(Collectors.joining("; ")));
  }

  /**
   * Collects the foreign keys to drop before the tables change and to add after: those that go or
   * change, and those whose columns or indexes on either side change.
   */
  private void foreignKeys(
      Map<String, Table> a,
      Map<String, Table> b,
      Map<String, TableAlter> alters,
      Map<String, List<ForeignKey>> drops,
      Map<String, List<ForeignKey>> adds,
      Map<String, Change> cause) {
    for (Table x : a.values()) {
      Table y = b.get(x.name());
      if (y == null || !view.comparesTable(x.name())) {
        continue;
      }
      // Paired as the comparison paired them: by name, or by what they do when names are ignored.
      Map<String, ForeignKey> fb = new LinkedHashMap<>();
      y.foreignKeys().forEach(fk -> fb.put(view.foreignKeyKey(fk), fk));
      Set<String> fa = new HashSet<>();
      x.foreignKeys().forEach(fk -> fa.add(view.foreignKeyKey(fk)));
      Change own = tableChanges.get(x.name());
      for (ForeignKey fk : x.foreignKeys()) {
        ForeignKey target = fb.get(view.foreignKeyKey(fk));
        Change because = own;
        if (target != null && view.sameForeignKey(fk, target)) {
          because = blockingChange(x.name(), fk, alters);
          if (because == null) {
            continue;
          }
        }
        drops.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(fk);
        cause.putIfAbsent(x.name(), because);
        if (target != null) {
          adds.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(target);
        }
      }
      for (ForeignKey fk : y.foreignKeys()) {
        if (!fa.contains(view.foreignKeyKey(fk))) {
          adds.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(fk);
          cause.putIfAbsent(x.name(), own);
        }
      }
    }
  }

  /** The change that forces an unchanged foreign key to be dropped and added again, or null. */
  private Change blockingChange(String table, ForeignKey fk, Map<String, TableAlter> alters) {
    TableAlter own = alters.get(table);
    if (own != null && touches(own, fk.columns())) {
      return tableChanges.get(table);
    }
    TableAlter referenced = fk.referencedSchema() == null ? alters.get(fk.referencedTable()) : null;
    if (referenced != null && touches(referenced, fk.referencedColumns())) {
      return tableChanges.get(fk.referencedTable());
    }
    return null;
  }

  private boolean touches(TableAlter alter, List<String> columns) {
    for (String column : columns) {
      String c = column.toLowerCase(Locale.ROOT);
      if (alter.touchedColumns.contains(c) || alter.indexedColumns.contains(c)) {
        return true;
      }
    }
    return false;
  }

  private void dropTables(Map<String, Table> a) {
    List<String> dropped = new ArrayList<>();
    for (Change c : changes) {
      if (c.objectKind() == ObjectKind.TABLE && c.changeType() == ChangeType.REMOVED) {
        dropped.add(c.objectName());
      }
    }
    // A table is dropped after the tables whose foreign keys point at it.
    Map<String, Set<String>> after = new HashMap<>();
    for (String name : dropped) {
      for (ForeignKey fk : a.get(name).foreignKeys()) {
        if (fk.referencedSchema() == null) {
          after.computeIfAbsent(fk.referencedTable(), k -> new HashSet<>()).add(name);
        }
      }
    }
    DependencyOrder order = DependencyOrder.sort(dropped, after);
    for (String name : dropped) {
      for (ForeignKey fk : a.get(name).foreignKeys()) {
        if (fk.referencedSchema() == null && order.isDeferred(fk.referencedTable(), name)) {
          add(
              "ALTER TABLE " + quoteName(name) + " DROP FOREIGN KEY " + quoteName(fk.name()),
              tableChanges.get(name),
              Clause.safe("", "drops a foreign key in a cycle of tables that go"));
        }
      }
    }
    for (String name : order.order()) {
      add(
          "DROP TABLE " + quoteName(name),
          tableChanges.get(name),
          Clause.unsafe("", "drops table " + name + " and every row in it"));
    }
  }

  private void createTables(
      Map<String, Table> a,
      Map<String, Table> b,
      Map<String, List<ForeignKey>> adds,
      Map<String, Change> cause) {
    List<String> created = new ArrayList<>();
    for (Change c : changes) {
      if (c.objectKind() == ObjectKind.TABLE && c.changeType() == ChangeType.ADDED) {
        created.add(c.objectName());
      }
    }
    Map<String, Set<String>> needs = new HashMap<>();
    for (String name : created) {
      for (ForeignKey fk : b.get(name).foreignKeys()) {
        if (fk.referencedSchema() == null) {
          needs.computeIfAbsent(name, k -> new HashSet<>()).add(fk.referencedTable());
        }
      }
    }
    DependencyOrder order = DependencyOrder.sort(created, needs);
    Set<String> exists = new HashSet<>(a.keySet());
    for (String name : order.order()) {
      Table table = b.get(name);
      List<ForeignKey> inline = new ArrayList<>();
      for (ForeignKey fk : table.foreignKeys()) {
        boolean ready =
            fk.referencedSchema() != null
                || fk.referencedTable().equals(name)
                || exists.contains(fk.referencedTable());
        if (ready) {
          inline.add(fk);
        } else {
          adds.computeIfAbsent(name, k -> new ArrayList<>()).add(fk);
          cause.putIfAbsent(name, tableChanges.get(name));
        }
      }
      Table create =
          new Table(
              table.name(),
              table.columns(),
              table.indexes(),
              inline,
              table.checks(),
              table.options(),
              table.partitioning());
      add(
          dialect.createTable(create),
          tableChanges.get(name),
          Clause.safe("", "creates table " + name));
      exists.add(name);
    }
  }

  private void add(String sql, Change change, Clause clause) {
    out.add(
        new MigrationStatement(
            sql, Objects.requireNonNull(change, "change"), clause.safety(), clause.reason()));
  }

  private static Map<String, Table> byName(List<Table> tables) {
    Map<String, Table> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t.name(), t));
    return out;
  }
}
