package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.internal.compare.RuleView;
import dev.opskit.schemadiff.model.Column;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The column clauses of one table's ALTER: each new column added at its place, each changed one
 * modified, and the fewest columns moved with {@code FIRST}/{@code AFTER}: those outside the
 * longest run whose source order already matches the target order.
 */
final class ColumnChanges {
  private final RuleView view;
  private final Dialect dialect;
  private final boolean keepColumnOrder;
  private final Map<String, Column> forced;
  private final Set<String> touchedColumns;

  /**
   * Writes the target's own column definitions and notes changed columns in {@code touched}; a
   * column is changed when it differs in what the comparison's rules count.
   *
   * @param forced columns to modify even when equal, by lower-case name, as they were before a
   *     CONVERT TO widened them: the modification is judged from there
   */
  ColumnChanges(
      RuleView view,
      Dialect dialect,
      boolean keepColumnOrder,
      Map<String, Column> forced,
      Set<String> touchedColumns) {
    this.view = view;
    this.dialect = dialect;
    this.keepColumnOrder = keepColumnOrder;
    this.forced = forced;
    this.touchedColumns = touchedColumns;
  }

  /**
   * Adds the ADD and MODIFY clauses, in target order, to {@code out}.
   *
   * @param a the source columns by lower-case name
   * @param b the target columns by lower-case name
   * @param recreated columns dropped to be added again
   * @param unique columns in a unique index on either side
   */
  void clauses(
      Map<String, Column> a,
      Map<String, Column> b,
      Set<String> recreated,
      Set<String> unique,
      List<Clause> out) {
    // Columns both sides keep, in the target order, with their position in the source.
    List<String> fromOrder = new ArrayList<>();
    for (String name : a.keySet()) {
      if (b.containsKey(name) && !recreated.contains(name)) {
        fromOrder.add(name);
      }
    }
    Map<String, Integer> fromPosition = new HashMap<>();
    for (int i = 0; i < fromOrder.size(); i++) {
      fromPosition.put(fromOrder.get(i), i);
    }
    List<String> common = new ArrayList<>();
    for (String name : b.keySet()) {
      if (fromPosition.containsKey(name)) {
        common.add(name);
      }
    }
    Set<String> stay =
        keepColumnOrder
            ? longestIncreasing(common, fromPosition)
            : new HashSet<>(common); // order ignored: nothing moves
    String previous = null;
    for (Map.Entry<String, Column> e : b.entrySet()) {
      String key = e.getKey();
      Column target = e.getValue();
      String position =
          !keepColumnOrder ? "" : previous == null ? " FIRST" : " AFTER " + quoteName(previous);
      Column source = a.get(key);
      if (source == null || recreated.contains(key)) {
        String def = "ADD COLUMN " + dialect.column(target) + position;
        out.add(Clause.safe(def, "adds column " + target.name()));
      } else {
        boolean moved = !stay.contains(key);
        boolean changed = !view.sameColumn(source, target) || forced.containsKey(key);
        if (changed) {
          touchedColumns.add(key);
        }
        if (moved || changed) {
          String def = "MODIFY COLUMN " + dialect.column(target) + (moved ? position : "");
          String unsafe =
              changed
                  ? TypeSafety.unsafeReason(
                      forced.getOrDefault(key, source), e.getValue(), unique.contains(key))
                  : null;
          String what =
              (changed ? "changes column " + target.name() : "")
                  + (changed && moved ? " and " : "")
                  + (moved ? "moves column " + target.name() : "");
          out.add(unsafe == null ? Clause.safe(def, what) : Clause.unsafe(def, unsafe));
        }
      }
      previous = e.getValue().name();
    }
  }

  /** Returns the names in the longest run whose source positions increase: they need not move. */
  static Set<String> longestIncreasing(List<String> names, Map<String, Integer> position) {
    int n = names.size();
    int[] tails = new int[n];
    int[] previous = new int[n];
    int length = 0;
    for (int i = 0; i < n; i++) {
      int p = position.get(names.get(i));
      int lo = 0;
      int hi = length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (position.get(names.get(tails[mid])) < p) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      previous[i] = lo > 0 ? tails[lo - 1] : -1;
      tails[lo] = i;
      if (lo == length) {
        length++;
      }
    }
    Set<String> out = new HashSet<>();
    for (int i = length == 0 ? -1 : tails[length - 1]; i >= 0; i = previous[i]) {
      out.add(names.get(i));
    }
    return out;
  }
}
