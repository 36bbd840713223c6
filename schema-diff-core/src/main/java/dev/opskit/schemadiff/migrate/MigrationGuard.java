package dev.opskit.schemadiff.migrate;

import static dev.opskit.schemadiff.sql.SqlExpressions.quote;
import static dev.opskit.schemadiff.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statement a migration script starts with so that running it a second time stops before it
 * changes anything: it fails with "Subquery returns more than 1 row" when something only the target
 * schema has already exists (a table, column, index, constraint, view, trigger, routine, event or
 * partition count), or when something only the source schema has is already gone.
 */
public final class MigrationGuard {
  private static final String ALREADY = " UNION ALL SELECT 1) AS already_migrated";

  private MigrationGuard() {}

  /**
   * Returns the guard statement for a migration.
   *
   * @param from the source schema
   * @param to the target schema
   * @return a comment saying what it checks, a newline, and the statement; empty when the schemas
   *     differ only in ways no catalog query can tell apart cheaply (such as a column's type)
   */
  public static Optional<String> of(Schema from, Schema to) {
    // Strongest facts first: what only safe statements create (tables, columns, indexes).
    java.util.Map<String, Table> before = new java.util.HashMap<>();
    from.tables().forEach(t -> before.put(t.name(), t));
    for (Table t : to.tables()) {
      if (!before.containsKey(t.name())) {
        return present("table " + t.name(), "TABLES", "TABLE_NAME = " + quote(t.name()));
      }
    }
    for (int kind = 0; kind < 4; kind++) {
      for (Table t : to.tables()) {
        Optional<String> inTable = table(before.get(t.name()), t, kind);
        if (inTable.isPresent()) {
          return inTable;
        }
      }
    }
    for (View v : to.views()) {
      if (missing(from.views(), View::name, v.name())) {
        return present("view " + v.name(), "VIEWS", "TABLE_NAME = " + quote(v.name()));
      }
    }
    for (Trigger t : to.triggers()) {
      if (missing(from.triggers(), Trigger::name, t.name())) {
        return present(
            "trigger " + t.name(),
            "TRIGGERS",
            "TRIGGER_NAME = " + quote(t.name()),
            "TRIGGER_SCHEMA");
      }
    }
    for (Routine r : to.routines()) {
      if (from.routines().stream()
          .noneMatch(x -> x.name().equalsIgnoreCase(r.name()) && x.type().equals(r.type()))) {
        return present(
            r.type().toLowerCase(Locale.ROOT) + " " + r.name(),
            "ROUTINES",
            "ROUTINE_NAME = " + quote(r.name()) + " AND ROUTINE_TYPE = " + quote(r.type()),
            "ROUTINE_SCHEMA");
      }
    }
    for (Event e : to.events()) {
      if (missing(from.events(), Event::name, e.name())) {
        return present(
            "event " + e.name(), "EVENTS", "EVENT_NAME = " + quote(e.name()), "EVENT_SCHEMA");
      }
    }
    for (Table t : from.tables()) {
      if (to.table(t.name()).isEmpty()) {
        return Optional.of(
            "-- Stops a second run: fails once table "
                + t.name()
                + " is gone\nSELECT 1 FROM "
                + quoteName(t.name())
                + " LIMIT 0");
      }
    }
    return Optional.empty();
  }

  /** A fact of one kind: 0 a new column, 1 a new index, 2 a new constraint, 3 a partition count. */
  private static Optional<String> table(Table from, Table to, int kind) {
    String table = "TABLE_NAME = " + quote(to.name());
    return switch (kind) {
      case 0 -> newColumn(from, to, table);
      case 1 -> newIndex(from, to, table);
      case 2 -> newConstraint(from, to, table);
      default -> partitionCount(from, to, table);
    };
  }

  private static Optional<String> newColumn(Table from, Table to, String table) {
    for (Column c : to.columns()) {
      if (from.column(c.name()).isEmpty()) {
        return present(
            "column " + to.name() + "." + c.name(),
            "COLUMNS",
            table + " AND COLUMN_NAME = " + quote(c.name()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> newIndex(Table from, Table to, String table) {
    for (Index i : to.indexes()) {
      if (from.index(i.name()).isEmpty()) {
        return present(
            "index " + i.name() + " on " + to.name(),
            "STATISTICS",
            table + " AND INDEX_NAME = " + quote(i.name()) + " AND SEQ_IN_INDEX = 1");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> newConstraint(Table from, Table to, String table) {
    Set<String> oldConstraints =
        java.util.stream.Stream.concat(
                from.foreignKeys().stream().map(ForeignKey::name),
                from.checks().stream().map(CheckConstraint::name))
            .map(n -> n.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    List<String> newConstraints =
        java.util.stream.Stream.concat(
                to.foreignKeys().stream().map(ForeignKey::name),
                to.checks().stream().map(CheckConstraint::name))
            .filter(n -> !oldConstraints.contains(n.toLowerCase(Locale.ROOT)))
            .toList();
    if (!newConstraints.isEmpty()) {
      String name = newConstraints.get(0);
      return present(
          "constraint " + name + " on " + to.name(),
          "TABLE_CONSTRAINTS",
          table + " AND CONSTRAINT_NAME = " + quote(name),
          "CONSTRAINT_SCHEMA");
    }
    return Optional.empty();
  }

  private static Optional<String> partitionCount(Table from, Table to, String table) {
    Partitioning a = from.partitioning();
    Partitioning b = to.partitioning();
    if (b != null && (a == null || a.count() != b.count())) {
      return Optional.of(
          "-- Stops a second run: fails if "
              + to.name()
              + " already has "
              + b.count()
              + " partitions\nSELECT (SELECT 1 FROM information_schema.PARTITIONS WHERE"
              + " TABLE_SCHEMA = DATABASE() AND "
              + table
              + " HAVING COUNT(DISTINCT PARTITION_NAME) = "
              + b.count()
              + ALREADY);
    }
    return Optional.empty();
  }

  private static <T> boolean missing(List<T> items, Function<T, String> name, String wanted) {
    return items.stream().noneMatch(i -> name.apply(i).equalsIgnoreCase(wanted));
  }

  private static Optional<String> present(String what, String view, String condition) {
    return present(what, view, condition, "TABLE_SCHEMA");
  }

  private static Optional<String> present(
      String what, String view, String condition, String schemaColumn) {
    return Optional.of(
        "-- Stops a second run before it changes anything: fails if "
            + what
            + " already exists\nSELECT (SELECT 1 FROM information_schema."
            + view
            + " WHERE "
            + schemaColumn
            + " = DATABASE() AND "
            + condition
            + ALREADY);
  }
}
