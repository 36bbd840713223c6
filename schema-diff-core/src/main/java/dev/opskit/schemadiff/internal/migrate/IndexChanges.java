package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.internal.compare.RuleView;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The index clauses of one table's ALTER: drops, adds, renames when only the name differs,
 * visibility changes, and the rebuilds that keep the server's index order equal to the target's. A
 * second FULLTEXT index goes to {@link #separate}: InnoDB builds one per ALTER.
 */
final class IndexChanges {
  final List<Clause> drops = new ArrayList<>();
  final List<Clause> adds = new ArrayList<>();
  final List<Clause> separate = new ArrayList<>();

  /**
   * Whether an unchanged index is dropped and added again only to move it. The server keeps such an
   * index where it was (it sees the same definition under the same name), so the table must be
   * rebuilt ({@code FORCE}) for the new order to take effect.
   */
  boolean reordered;

  /** Lower-case names of columns in an index that is dropped, added, renamed or rebuilt. */
  final Set<String> indexedColumns = new HashSet<>();

  private final Table from;
  private final Table to;
  private final RuleView view;
  private final Dialect dialect;

  private IndexChanges(Table from, Table to, RuleView view, Dialect dialect) {
    this.from = from;
    this.to = to;
    this.view = view;
    this.dialect = dialect;
  }

  static IndexChanges plan(
      Table from,
      Table to,
      RuleView view,
      Dialect dialect,
      Set<String> recreated,
      boolean keepIndexOrder) {
    IndexChanges changes = new IndexChanges(from, to, view, dialect);
    changes.build(recreated, keepIndexOrder);
    return changes;
  }

  private void build(Set<String> recreated, boolean keepIndexOrder) {
    Map<String, Index> a = indexes(from);
    Map<String, Index> b = indexes(to);
    Set<String> rebuild = new HashSet<>();
    Map<String, Index> visibility = new LinkedHashMap<>();
    for (Map.Entry<String, Index> e : a.entrySet()) {
      Index y = b.get(e.getKey());
      if (y != null
          && !uses(y, recreated)
          && e.getValue().visible() != y.visible()
          && view.sameIndex(withVisibility(e.getValue(), y.visible()), y)) {
        visibility.put(e.getKey(), y); // only the visibility changes: no rebuild
      } else if (y != null && (!view.sameIndex(e.getValue(), y) || uses(y, recreated))) {
        rebuild.add(e.getKey());
      }
    }
    // Renames: an index only in `from` and one only in `to` with the same definition.
    Map<String, String> renames = new LinkedHashMap<>();
    for (Map.Entry<String, Index> e : a.entrySet()) {
      if (b.containsKey(e.getKey()) || e.getValue().kind() == IndexKind.PRIMARY) {
        continue;
      }
      for (Map.Entry<String, Index> f : b.entrySet()) {
        if (!a.containsKey(f.getKey())
            && !renames.containsValue(f.getKey())
            && view.sameIndex(e.getValue(), f.getValue())
            && !uses(f.getValue(), recreated)) {
          renames.put(e.getKey(), f.getKey());
          break;
        }
      }
    }
    if (keepIndexOrder) {
      Set<String> moved = outOfOrder(a, b, rebuild, renames);
      reordered = !moved.isEmpty();
      rebuild.addAll(moved);
      renames.entrySet().removeIf(r -> moved.contains(r.getValue()));
    }
    for (Map.Entry<String, Index> e : a.entrySet()) {
      String key = e.getKey();
      if ((b.containsKey(key) && !rebuild.contains(key)) || renames.containsKey(key)) {
        continue;
      }
      Index x = e.getValue();
      note(x);
      String sql =
          x.kind() == IndexKind.PRIMARY ? "DROP PRIMARY KEY" : "DROP INDEX " + quoteName(x.name());
      drops.add(
          Clause.safe(sql, (b.containsKey(key) ? "rebuilds index " : "drops index ") + x.name()));
    }
    for (Index y : visibility.values()) {
      if (rebuild.contains(y.name().toLowerCase(Locale.ROOT))) {
        continue; // rebuilt for the order anyway, with its new visibility
      }
      adds.add(
          Clause.safe(
              dialect.indexVisibility(y),
              (y.visible() ? "makes index visible: " : "hides index from the optimizer: ")
                  + y.name()));
    }
    boolean fulltextAdded = false;
    for (Map.Entry<String, Index> e : b.entrySet()) {
      String key = e.getKey();
      Index y = e.getValue();
      String renamedFrom =
          renames.entrySet().stream()
              .filter(r -> r.getValue().equals(key))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      if (renamedFrom != null) {
        note(y);
        adds.add(
            Clause.safe(
                "RENAME INDEX "
                    + quoteName(a.get(renamedFrom).name())
                    + " TO "
                    + quoteName(y.name()),
                "renames index " + a.get(renamedFrom).name() + " to " + y.name()));
        continue;
      }
      if (a.containsKey(key) && !rebuild.contains(key)) {
        continue;
      }
      note(y);
      Clause add = Clause.safe("ADD " + dialect.index(y), "adds index " + y.name());
      if (y.kind() == IndexKind.FULLTEXT && fulltextAdded) {
        separate.add(add); // InnoDB builds one FULLTEXT index per ALTER
      } else {
        adds.add(add);
      }
      fulltextAdded |= y.kind() == IndexKind.FULLTEXT;
    }
  }

  /**
   * Returns the indexes that keep their definition but must be rebuilt so the server lists them in
   * the target order: it keeps surviving indexes in their old order and appends new ones to their
   * group, so after the first index the target adds, every later one of its group is added too.
   */
  private Set<String> outOfOrder(
      Map<String, Index> a,
      Map<String, Index> b,
      Set<String> rebuild,
      Map<String, String> renames) {
    List<String> fromOrder = new ArrayList<>(a.keySet());
    Map<String, String> renamedFrom = new HashMap<>();
    renames.forEach((source, target) -> renamedFrom.put(target, source));
    Set<String> out = new HashSet<>();
    Map<Integer, Integer> lastPosition = new HashMap<>();
    Set<Integer> appending = new HashSet<>();
    for (Map.Entry<String, Index> e : b.entrySet()) {
      int g = group(e.getValue());
      String key = e.getKey();
      String source = renamedFrom.getOrDefault(key, key);
      boolean kept = a.containsKey(source) && !rebuild.contains(source);
      int position = fromOrder.indexOf(source);
      if (!appending.contains(g) && kept && position > lastPosition.getOrDefault(g, -1)) {
        lastPosition.put(g, position);
        continue;
      }
      appending.add(g);
      if (kept) {
        out.add(key);
      }
    }
    return out;
  }

  private int group(Index index) {
    return to.storedGroup(index, dialect.flavor());
  }

  private void note(Index index) {
    for (IndexPart part : index.parts()) {
      if (part.column() != null) {
        indexedColumns.add(part.column().toLowerCase(Locale.ROOT));
      }
    }
  }

  private static boolean uses(Index index, Set<String> columns) {
    return index.parts().stream()
        .anyMatch(
            p ->
                (p.column() != null && columns.contains(p.column().toLowerCase(Locale.ROOT)))
                    || (p.expression() != null && mentions(p.expression(), columns)));
  }

  static boolean mentions(String expression, Set<String> columns) {
    String lower = expression.toLowerCase(Locale.ROOT);
    return columns.stream().anyMatch(c -> lower.contains(quoteName(c)));
  }

  private static Index withVisibility(Index i, boolean visible) {
    return new Index(
        i.name(),
        i.kind(),
        i.parts(),
        visible,
        i.comment(),
        i.parser(),
        i.algorithm(),
        i.options());
  }

  private static Map<String, Index> indexes(Table table) {
    Map<String, Index> out = new LinkedHashMap<>();
    table.indexes().forEach(i -> out.put(i.name().toLowerCase(Locale.ROOT), i));
    return out;
  }
}
