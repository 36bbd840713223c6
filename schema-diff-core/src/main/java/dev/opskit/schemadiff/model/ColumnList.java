package dev.opskit.schemadiff.model;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A table's columns, immutable, with an index by lower-case name, so that looking a column up costs
 * the same in a table of 4,096 columns as in one of four. It equals any list of the same columns.
 */
final class ColumnList extends AbstractList<Column> implements RandomAccess {
  private final List<Column> columns;
  private final Map<String, Column> byName;

  ColumnList(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.byName = new HashMap<>(columns.size() * 2);
    for (Column c : this.columns) {
      // The first of two columns of one name wins, as a scan in order would find it.
      byName.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c);
    }
  }

  @Override
  public Column get(int index) {
    return columns.get(index);
  }

  @Override
  public int size() {
    return columns.size();
  }

  /** Returns the column with a name, ignoring case, or null. */
  @Nullable Column byName(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }
}
