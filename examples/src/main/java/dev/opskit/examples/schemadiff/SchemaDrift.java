package dev.opskit.examples.schemadiff;

import dev.opskit.examples.schemadiff.TableSpec.Column;
import dev.opskit.examples.schemadiff.TableSpec.IndexKind;
import dev.opskit.examples.schemadiff.TableSpec.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Schema {@code b}: schema {@code a} with a few deterministic drifts, the kind a production schema
 * picks up. Up to {@link #CHANGED} tables change (a column type, an added column, a dropped index,
 * a row format or a comment, in turn), {@link #REMOVED} tables exist only in {@code a} and {@link
 * #ADDED} only in {@code b}.
 *
 * @param tables the tables of {@code b}, in an order where foreign keys point backwards
 * @param changed the names of the tables that differ
 * @param removed the names of the tables only in {@code a}
 * @param added the names of the tables only in {@code b}
 */
record SchemaDrift(
    List<TableSpec> tables, List<String> changed, List<String> removed, List<String> added) {

  /** How many tables change. */
  static final int CHANGED = 20;

  /** How many tables exist only in {@code a}. */
  static final int REMOVED = 2;

  /** How many tables exist only in {@code b}. */
  static final int ADDED = 2;

  SchemaDrift {
    tables = List.copyOf(tables);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }

  /** Returns how many objects a comparison of {@code a} and {@code b} must report. */
  int expectedChanges() {
    return changed.size() + removed.size() + added.size();
  }

  /**
   * Drifts a schema. Partitioned tables stay as they are; removed tables are ones no foreign key
   * points to.
   */
  static SchemaDrift apply(List<TableSpec> a, long seed) {
    Random random = new Random(seed * 31 + 7);
    Set<String> referenced = new HashSet<>();
    a.forEach(t -> referenced.addAll(t.referencedTables()));

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);

    Map<String, TableSpec> b = new LinkedHashMap<>();
    a.forEach(t -> b.put(t.name(), t));
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (int i : order) {
      TableSpec table = a.get(i);
      if (table.partitioning() != null) {
        continue;
      }
      if (changed.size() < Math.min(CHANGED, a.size() / 4)) {
        b.put(table.name(), drift(table, changed.size()));
        changed.add(table.name());
      } else if (removed.size() < REMOVED && !referenced.contains(table.name())) {
        b.remove(table.name());
        removed.add(table.name());
      }
    }
    List<String> added = new ArrayList<>();
    for (int k = 0; k < ADDED; k++) {
      String name = String.format(Locale.ROOT, "t%05d_extra", a.size() + k);
      TableSpec extra =
          BenchSchemaGenerator.extraTable(name, List.copyOf(b.values()), seed * 17 + k);
      b.put(name, extra);
      added.add(name);
    }
    Collections.sort(changed);
    Collections.sort(removed);
    return new SchemaDrift(List.copyOf(b.values()), changed, removed, added);
  }

  /** Applies drift number {@code n}: types, columns, indexes and options in turn. */
  private static TableSpec drift(TableSpec table, int n) {
    return switch (n % 4) {
      case 0 -> changeColumnType(table);
      case 1 ->
          table.withColumns(
              columns -> {
                columns.add(
                    new Column("drift_note", "varchar(64)", "NULL DEFAULT NULL", Kind.VARCHAR));
                return columns;
              });
      case 2 -> dropIndex(table);
      default ->
          n % 8 == 3
              ? table.withRowFormat(table.rowFormat().equals("DYNAMIC") ? "COMPACT" : "DYNAMIC")
              : table.withComment("drifted: " + table.comment());
    };
  }

  private static TableSpec changeColumnType(TableSpec table) {
    for (Column column : table.columns()) {
      if (column.kind() == Kind.INTEGER) {
        String type = column.type().equals("bigint") ? "int" : "bigint";
        return replace(table, column, column.withType(type));
      }
    }
    for (Column column : table.columns()) {
      if (column.kind() == Kind.VARCHAR || column.kind() == Kind.DECIMAL) {
        return replace(table, column, column.withType(widen(column.type())));
      }
    }
    return table.withColumns(
        columns -> {
          columns.add(new Column("drift_flag", "tinyint", "NOT NULL DEFAULT '0'", Kind.INTEGER));
          return columns;
        });
  }

  /** Adds ten to the first number in a type: {@code varchar(64)} becomes {@code varchar(74)}. */
  private static String widen(String type) {
    int open = type.indexOf('(');
    int end = open + 1;
    while (Character.isDigit(type.charAt(end))) {
      end++;
    }
    int size = Integer.parseInt(type.substring(open + 1, end));
    return type.substring(0, open + 1) + (size + 10) + type.substring(end);
  }

  private static TableSpec replace(TableSpec table, Column from, Column to) {
    return table.withColumns(
        columns -> {
          columns.set(columns.indexOf(from), to);
          return columns;
        });
  }

  private static TableSpec dropIndex(TableSpec table) {
    for (int i = table.indexes().size() - 1; i >= 0; i--) {
      if (table.indexes().get(i).kind() != IndexKind.FULLTEXT) {
        int drop = i;
        return table.withIndexes(
            indexes -> {
              indexes.remove(drop);
              return indexes;
            });
      }
    }
    return table.withComment("drifted: " + table.comment());
  }
}
