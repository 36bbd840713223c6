package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.internal.compare.Comparison;
import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.migrate.PartitionStrategy;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plans the statements that turn one schema into another, in an order a MySQL or MariaDB server
 * accepts.
 *
 * <pre>{@code
 * List<MigrationStatement> statements =
 *     MigrationPlanner.builder(Flavor.MARIADB_10_11).build().plan(Comparison.of(from, to, rules));
 * }</pre>
 *
 * <p>The order: schema defaults; triggers, views, events and routines that go are dropped; foreign
 * keys that go, change, or stand in the way of a column or index change are dropped; tables that go
 * are dropped (tables that reference each other in dependency order); partitioning is removed where
 * it goes; each changed table gets one ALTER TABLE (columns moved with the fewest FIRST/AFTER
 * clauses), then its extra FULLTEXT indexes and partition operations; new tables are created in
 * dependency order; foreign keys are added; routines, views (each after the views it reads),
 * triggers and events are created, a changed one dropped just before. Running the script a second
 * time therefore fails at its first table statement, or recreates code objects as they are.
 */
public final class MigrationPlanner {

  final Flavor flavor;
  final PartitionStrategy strategy;
  final boolean keepColumnOrder;
  final boolean keepIndexOrder;
  final boolean combineUnsafe;

  private MigrationPlanner(Builder b) {
    this.flavor = b.flavor;
    this.strategy = b.strategy;
    this.keepColumnOrder = b.keepColumnOrder;
    this.keepIndexOrder = b.keepIndexOrder;
    this.combineUnsafe = b.combineUnsafe;
  }

  /**
   * Starts a planner for a target server.
   *
   * @param flavor the server the statements will run on
   * @return a builder
   */
  public static Builder builder(Flavor flavor) {
    return new Builder(flavor);
  }

  /**
   * Plans the migration. Statements are written from the objects as loaded, under their real names;
   * the comparison's rules decide which differences the statements carry out.
   *
   * @param comparison both schemas, the rules and the changes between them
   * @return the statements, in the order to run them
   * @throws AmbiguousChangeException if a partitioning change is ambiguous and the strategy is
   *     {@link PartitionStrategy#FAIL_WHEN_AMBIGUOUS}
   */
  public List<MigrationStatement> plan(Comparison comparison) {
    return new Run(comparison).plan();
  }

  /** One planning run. */
  private final class Run {
    private final Comparison comparison;
    private final List<Change> changes;
    private final List<MigrationStatement> out = new ArrayList<>();

    Run(Comparison comparison) {
      this.comparison = comparison;
      this.changes = comparison.changes();
    }

    List<MigrationStatement> plan() {
      schemaDefaults();
      dropCode(ObjectKind.TRIGGER, "TRIGGER");
      dropCode(ObjectKind.VIEW, "VIEW");
      dropCode(ObjectKind.EVENT, "EVENT");
      dropCode(ObjectKind.PROCEDURE, "PROCEDURE");
      dropCode(ObjectKind.FUNCTION, "FUNCTION");
      new TablesPlan(MigrationPlanner.this, comparison, out).plan();
      createRoutines();
      createViews();
      for (Change c : of(ObjectKind.TRIGGER)) {
        dropIfChanged(c, "TRIGGER");
        Trigger t = c.to(Trigger.class);
        add(DdlRenderer.createTrigger(t), c, Clause.safe("", "creates trigger " + t.name()));
      }
      for (Change c : of(ObjectKind.EVENT)) {
        dropIfChanged(c, "EVENT");
        Event e = c.to(Event.class);
        add(DdlRenderer.createEvent(e), c, Clause.safe("", "creates event " + e.name()));
      }
      return List.copyOf(out);
    }

    private void schemaDefaults() {
      for (Change c : changes) {
        if (c.objectKind() == ObjectKind.SCHEMA) {
          add(
              "ALTER DATABASE CHARACTER SET "
                  + comparison.to().defaultCharset()
                  + " COLLATE "
                  + comparison.to().defaultCollation(),
              c,
              Clause.safe("", "changes the schema's default charset and collation"));
        }
      }
    }

    /** Changes of a kind that create something: added, or changed (dropped first). */
    private List<Change> of(ObjectKind kind) {
      return changes.stream()
          .filter(c -> c.objectKind() == kind && c.changeType() != ChangeType.REMOVED)
          .toList();
    }

    /** Drops the objects of a kind that go; changed ones are dropped just before re-creation. */
    private void dropCode(ObjectKind kind, String keyword) {
      for (Change c : changes) {
        if (c.objectKind() == kind && c.changeType() == ChangeType.REMOVED) {
          dropOne(c, keyword);
        }
      }
    }

    /** Drops a changed object right before it is created again, so a re-run ends up the same. */
    private void dropIfChanged(Change c, String keyword) {
      if (c.changeType() == ChangeType.CHANGED) {
        dropOne(c, keyword);
      }
    }

    private void dropOne(Change c, String keyword) {
      String what = keyword.toLowerCase(Locale.ROOT);
      add(
          "DROP " + keyword + " " + quoteName(c.objectName()),
          c,
          Clause.safe(
              "",
              (c.changeType() == ChangeType.CHANGED
                      ? "drops " + what + " to create it again: "
                      : "drops " + what + " ")
                  + c.objectName()));
    }

    private void createRoutines() {
      for (ObjectKind kind : List.of(ObjectKind.FUNCTION, ObjectKind.PROCEDURE)) {
        String type = kind.name();
        for (Change c : of(kind)) {
          dropIfChanged(c, type);
          Routine r = c.to(Routine.class);
          add(
              DdlRenderer.createRoutine(r),
              c,
              Clause.safe("", "creates " + type.toLowerCase(Locale.ROOT) + " " + r.name()));
        }
      }
    }

    private void createViews() {
      List<Change> views = of(ObjectKind.VIEW);
      Map<String, Change> byName = new LinkedHashMap<>();
      views.forEach(c -> byName.put(c.objectName(), c));
      Map<String, Set<String>> reads = new HashMap<>();
      for (String name : byName.keySet()) {
        View v = byName.get(name).to(View.class);
        String definition = v.definition().toLowerCase(Locale.ROOT);
        for (String other : byName.keySet()) {
          if (!other.equals(name) && mentions(definition, other.toLowerCase(Locale.ROOT))) {
            reads.computeIfAbsent(name, k -> new HashSet<>()).add(other);
          }
        }
      }
      for (String name : DependencyOrder.sort(new ArrayList<>(byName.keySet()), reads).order()) {
        View v = byName.get(name).to(View.class);
        dropIfChanged(byName.get(name), "VIEW");
        add(DdlRenderer.createView(v), byName.get(name), Clause.safe("", "creates view " + name));
      }
    }

    private void add(String sql, Change change, Clause clause) {
      out.add(
          new MigrationStatement(
              sql, Objects.requireNonNull(change, "change"), clause.safety(), clause.reason()));
    }
  }

  /** Whether SQL text names an object, quoted or as a whole word. */
  private static boolean mentions(String sql, String name) {
    int from = 0;
    while (true) {
      int at = sql.indexOf(name, from);
      if (at < 0) {
        return false;
      }
      int end = at + name.length();
      boolean before = at == 0 || !isNamePart(sql.charAt(at - 1));
      boolean after = end == sql.length() || !isNamePart(sql.charAt(end));
      if (before && after) {
        return true;
      }
      from = at + 1;
    }
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** Builds a {@link MigrationPlanner}. */
  public static final class Builder {
    private final Flavor flavor;
    private PartitionStrategy strategy = PartitionStrategy.DROP_ROWS;
    private boolean keepColumnOrder = true;
    private boolean keepIndexOrder = true;
    private boolean combineUnsafe = true;

    private Builder(Flavor flavor) {
      this.flavor = Objects.requireNonNull(flavor, "flavor");
    }

    /**
     * Sets what to do with ambiguous partition changes (default {@link
     * PartitionStrategy#DROP_ROWS}).
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder partitionStrategy(PartitionStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Sets whether columns are moved to the target order (default true; false when the comparison
     * ignores column order).
     *
     * @param keep whether to move columns
     * @return this builder
     */
    public Builder keepColumnOrder(boolean keep) {
      this.keepColumnOrder = keep;
      return this;
    }

    /**
     * Sets whether indexes are rebuilt so the server lists them in the target order (default true).
     *
     * @param keep whether to keep the index order
     * @return this builder
     */
    public Builder keepIndexOrder(boolean keep) {
      this.keepIndexOrder = keep;
      return this;
    }

    /**
     * Sets whether a table's safe and unsafe clauses share one ALTER TABLE (default true). With
     * false the unsafe clauses get an ALTER TABLE of their own, which can be left out.
     *
     * @param combine whether to combine them
     * @return this builder
     */
    public Builder combineUnsafe(boolean combine) {
      this.combineUnsafe = combine;
      return this;
    }

    /**
     * Builds the planner.
     *
     * @return the planner
     */
    public MigrationPlanner build() {
      return new MigrationPlanner(this);
    }
  }
}
