package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.commentText;
import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quote;

import dev.opskit.schemadiff.compare.IgnoreRules;
import dev.opskit.schemadiff.internal.compare.RuleView;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The statements a migration script starts with so that running it a second time stops before it
 * changes anything. They fail with an error whose text starts "already migrated:" and names what
 * they found, when something only the target schema has already exists (a table, column, index,
 * constraint, view, trigger, routine, event, partition count or, for a rotation that keeps the
 * count, a partition), or else when something only the source schema has is already gone.
 *
 * <p>Plain SQL on MySQL has no conditional error with a message of its own ({@code SIGNAL} runs
 * only in stored programs there), so the guard prepares either {@code DO 0} or a {@code SELECT} of
 * a column whose name is the message: the server refuses it with "Unknown column 'already migrated:
 * ...'", and the {@code mysql} client stops. Nothing is created, so nothing is left behind.
 */
public final class MigrationGuard {
  private MigrationGuard() {}

  /** The prepared statement's name, and the user variable that holds its text. */
  private static final String NAME = "opskit_migration_guard";

  /**
   * Returns the guard statements for a migration.
   *
   * @param from the source schema
   * @param to the target schema
   * @return a comment saying what they check, a newline, and the statements, each but the last
   *     ending in {@code ;} and a newline; empty when the schemas have the same objects and differ
   *     only in definitions, where every statement can run again and end in the same state
   */
  public static Optional<String> of(Schema from, Schema to) {
    return of(from, to, new RuleView(IgnoreRules.defaults()));
  }

  /**
   * Returns the guard statements for a migration between the objects some rules compare, naming
   * objects as the servers do: a foreign key whose name the comparison ignored is checked under its
   * own name.
   *
   * @param from the source schema as loaded
   * @param to the target schema as loaded
   * @param view the rules of the comparison the migration comes from
   * @return as {@link #of(Schema, Schema)}
   */
  public static Optional<String> of(Schema from, Schema to, RuleView view) {
    Optional<Fact> created = onlyIn(to, from, view);
    if (created.isPresent()) {
      return Optional.of(created.get().failIfPresent());
    }
    for (Table t : to.tables()) {
      if (!view.comparesTable(t.name())) {
        continue;
      }
      Optional<Table> old = from.table(t.name());
      Partitioning a = old.map(view::partitioning).orElse(null);
      Partitioning b = view.partitioning(t);
      if (old.isPresent() && b != null && (a == null || a.count() != b.count())) {
        return Optional.of(
            guard(
                "table " + t.name() + " already has " + b.count() + " partitions",
                "EXISTS (SELECT 1 FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA ="
                    + " DATABASE() AND TABLE_NAME = "
                    + quote(t.name())
                    + " HAVING COUNT(DISTINCT PARTITION_NAME) = "
                    + b.count()
                    + ")"));
      }
      if (old.isPresent() && a != null && b != null) {
        // A rotation keeps the count: a partition only the target has tells the states apart.
        Set<String> before =
            a.partitions().stream().map(p -> lower(p.name())).collect(Collectors.toSet());
        Optional<String> added =
            b.partitions().stream()
                .map(p -> p.name())
                .filter(n -> !before.contains(lower(n)))
                .findFirst();
        if (added.isPresent()) {
          return Optional.of(
              new Fact(
                      "partition " + added.get() + " of table " + t.name(),
                      "PARTITIONS",
                      table(t) + " AND PARTITION_NAME = " + quote(added.get()),
                      "TABLE_SCHEMA")
                  .failIfPresent());
        }
      }
    }
    return onlyIn(from, to, view).map(Fact::failIfAbsent);
  }

  /**
   * The first object {@code has} has and {@code lacks} lacks: tables, then their parts, then code.
   */
  private static Optional<Fact> onlyIn(Schema has, Schema lacks, RuleView view) {
    Map<String, Table> other = new HashMap<>();
    lacks.tables().forEach(t -> other.put(t.name(), t));
    List<Table> compared = has.tables().stream().filter(t -> view.comparesTable(t.name())).toList();
    for (Table t : compared) {
      if (!other.containsKey(t.name())) {
        return Optional.of(new Fact("table " + t.name(), "TABLES", table(t), "TABLE_SCHEMA"));
      }
    }
    for (Table t : compared) {
      Table o = other.get(t.name());
      for (Column c : t.columns()) {
        if (o.column(c.name()).isEmpty()) {
          return Optional.of(
              new Fact(
                  "column " + t.name() + "." + c.name(),
                  "COLUMNS",
                  table(t) + " AND COLUMN_NAME = " + quote(c.name()),
                  "TABLE_SCHEMA"));
        }
      }
    }
    for (Table t : compared) {
      Table o = other.get(t.name());
      for (Index i : t.indexes()) {
        if (o.index(i.name()).isEmpty()) {
          return Optional.of(
              new Fact(
                  "index " + i.name() + " on " + t.name(),
                  "STATISTICS",
                  table(t) + " AND INDEX_NAME = " + quote(i.name()) + " AND SEQ_IN_INDEX = 1",
                  "TABLE_SCHEMA"));
        }
      }
      Set<String> constraints = constraints(o, view).collect(Collectors.toSet());
      Optional<String> constraint =
          Stream.concat(
                  t.foreignKeys().stream()
                      .filter(fk -> !constraints.contains(lower(view.foreignKeyKey(fk))))
                      .map(ForeignKey::name),
                  t.checks().stream()
                      .map(CheckConstraint::name)
                      .filter(n -> !constraints.contains(lower(n))))
              .map(MigrationGuard::lower)
              .findFirst();
      if (constraint.isPresent()) {
        return Optional.of(
            new Fact(
                "constraint " + constraint.get() + " on " + t.name(),
                "TABLE_CONSTRAINTS",
                table(t) + " AND LOWER(CONSTRAINT_NAME) = " + quote(constraint.get()),
                "CONSTRAINT_SCHEMA"));
      }
    }
    for (View v : has.views()) {
      if (!view.comparesView(v.name())) {
        continue;
      }
      if (missing(lacks.views(), View::name, v.name())) {
        return Optional.of(
            new Fact(
                "view " + v.name(), "VIEWS", "TABLE_NAME = " + quote(v.name()), "TABLE_SCHEMA"));
      }
    }
    for (Trigger t : has.triggers()) {
      if (!view.compares(t)) {
        continue;
      }
      if (missing(lacks.triggers(), Trigger::name, t.name())) {
        return Optional.of(
            new Fact(
                "trigger " + t.name(),
                "TRIGGERS",
                "TRIGGER_NAME = " + quote(t.name()),
                "TRIGGER_SCHEMA"));
      }
    }
    for (Routine r : has.routines()) {
      if (!view.compares(r)) {
        continue;
      }
      if (lacks.routines().stream()
          .noneMatch(x -> x.name().equalsIgnoreCase(r.name()) && x.type().equals(r.type()))) {
        return Optional.of(
            new Fact(
                r.type().toLowerCase(Locale.ROOT) + " " + r.name(),
                "ROUTINES",
                "ROUTINE_NAME = " + quote(r.name()) + " AND ROUTINE_TYPE = " + quote(r.type()),
                "ROUTINE_SCHEMA"));
      }
    }
    for (Event e : has.events()) {
      if (!view.compares(e)) {
        continue;
      }
      if (missing(lacks.events(), Event::name, e.name())) {
        return Optional.of(
            new Fact(
                "event " + e.name(), "EVENTS", "EVENT_NAME = " + quote(e.name()), "EVENT_SCHEMA"));
      }
    }
    return Optional.empty();
  }

  /**
   * The guard that stops the script when {@code condition} holds, with an error naming {@code
   * found}.
   */
  private static String guard(String found, String condition) {
    String message =
        "already migrated: "
            + commentText(found)
            + "; this run changed nothing. If an earlier run stopped part-way, compare again for"
            + " what is left";
    String refusal = "SELECT `" + message.replace("`", "``") + "`";
    return "-- Stops a second run before it changes anything: fails if "
        + commentText(found)
        + "\nSET @"
        + NAME
        + " = IF("
        + condition
        + ", "
        + quote(refusal)
        + ", 'DO 0');\nPREPARE "
        + NAME
        + " FROM @"
        + NAME
        + ";\nEXECUTE "
        + NAME
        + ";\nDEALLOCATE PREPARE "
        + NAME;
  }

  private static String table(Table t) {
    return "TABLE_NAME = " + quote(t.name());
  }

  private static Stream<String> constraints(Table t, RuleView view) {
    return Stream.concat(
            t.foreignKeys().stream().map(view::foreignKeyKey),
            t.checks().stream().map(CheckConstraint::name))
        .map(MigrationGuard::lower);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static <T> boolean missing(List<T> items, Function<T, String> name, String wanted) {
    return items.stream().noneMatch(i -> name.apply(i).equalsIgnoreCase(wanted));
  }

  /** An object only one side has, found by a catalog query. */
  private record Fact(String what, String view, String condition, String schemaColumn) {
    private String exists() {
      return "SELECT 1 FROM information_schema."
          + view
          + " WHERE "
          + schemaColumn
          + " = DATABASE() AND "
          + condition;
    }

    String failIfPresent() {
      return guard(what + " already exists", "EXISTS (" + exists() + ")");
    }

    String failIfAbsent() {
      return guard(what + " is already gone", "NOT EXISTS (" + exists() + ")");
    }
  }
}
