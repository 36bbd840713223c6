package dev.opskit.schemadiff.migrate;

import static dev.opskit.schemadiff.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import dev.opskit.schemadiff.render.DdlRenderer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Plans the statements that turn one schema into another, in an order a MySQL or MariaDB server
 * accepts.
 *
 * <pre>{@code
 * List<MigrationStatement> statements =
 *     MigrationPlanner.builder(Flavor.MARIADB_10_11).build().plan(from, to, from, to, changes);
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
  private static final Pattern INVISIBLE_KEY =
      Pattern.compile("(?m)^(  (?:UNIQUE |FULLTEXT |SPATIAL )?KEY .*) INVISIBLE(,?)$");

  /** MariaDB accepts no NULL after a generated column's storage; NULL is what it means anyway. */
  static final Pattern GENERATED_NULL = Pattern.compile("( VIRTUAL| STORED) NULL\\b");

  private final Flavor flavor;
  private final PartitionStrategy strategy;
  private final boolean keepColumnOrder;
  private final boolean keepIndexOrder;
  private final boolean combineUnsafe;

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
   * Plans the migration.
   *
   * @param from the source schema as compared (after ignore rules)
   * @param to the target schema as compared
   * @param originalFrom the source schema as loaded, for names the rules replaced
   * @param originalTo the target schema as loaded, whose definitions new objects get
   * @param changes the changes between {@code from} and {@code to}
   * @return the statements, in the order to run them
   * @throws AmbiguousChangeException if a partitioning change needs a {@link PartitionStrategy}
   */
  public List<MigrationStatement> plan(
      Schema from, Schema to, Schema originalFrom, Schema originalTo, List<Change> changes) {
    return new Run(from, to, originalFrom, originalTo, changes).plan();
  }

  /** One planning run. */
  private final class Run {
    private final Schema from;
    private final Schema to;
    private final Schema originalFrom;
    private final Schema originalTo;
    private final List<Change> changes;
    private final Map<String, Change> tableChanges = new HashMap<>();
    private final List<MigrationStatement> out = new ArrayList<>();

    Run(Schema from, Schema to, Schema originalFrom, Schema originalTo, List<Change> changes) {
      this.from = from;
      this.to = to;
      this.originalFrom = originalFrom;
      this.originalTo = originalTo;
      this.changes = changes;
      for (Change c : changes) {
        if (c.objectKind() == ObjectKind.TABLE) {
          tableChanges.put(c.objectName(), c);
        }
      }
    }

    List<MigrationStatement> plan() {
      schemaDefaults();
      dropCode(ObjectKind.TRIGGER, "TRIGGER");
      dropCode(ObjectKind.VIEW, "VIEW");
      dropCode(ObjectKind.EVENT, "EVENT");
      dropCode(ObjectKind.PROCEDURE, "PROCEDURE");
      dropCode(ObjectKind.FUNCTION, "FUNCTION");
      tables();
      createRoutines();
      createViews();
      for (Change c : of(ObjectKind.TRIGGER)) {
        dropIfChanged(c, "TRIGGER");
        Trigger t = find(originalTo.triggers(), Trigger::name, c.objectName());
        add(DdlRenderer.createTrigger(t), c, Clause.safe("", "creates trigger " + t.name()));
      }
      for (Change c : of(ObjectKind.EVENT)) {
        dropIfChanged(c, "EVENT");
        Event e = find(originalTo.events(), Event::name, c.objectName());
        add(DdlRenderer.createEvent(e), c, Clause.safe("", "creates event " + e.name()));
      }
      return List.copyOf(out);
    }

    private void schemaDefaults() {
      for (Change c : changes) {
        if (c.objectKind() == ObjectKind.SCHEMA) {
          add(
              "ALTER DATABASE CHARACTER SET "
                  + to.defaultCharset()
                  + " COLLATE "
                  + to.defaultCollation(),
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

    private void tables() {
      Map<String, Table> a = byName(from.tables());
      Map<String, Table> b = byName(to.tables());
      Map<String, TableAlter> alters = new LinkedHashMap<>();
      Map<String, PartitionChanges> partitions = new LinkedHashMap<>();
      for (Change c : changes) {
        if (c.objectKind() == ObjectKind.TABLE && c.changeType() == ChangeType.CHANGED) {
          Table x = a.get(c.objectName());
          Table y = b.get(c.objectName());
          Table original = originalTo.table(y.name()).orElse(y);
          alters.put(
              y.name(), TableAlter.plan(x, y, original, flavor, keepColumnOrder, keepIndexOrder));
          partitions.put(
              y.name(),
              PartitionChanges.plan(
                  y.name(), x.partitioning(), y.partitioning(), original.partitioning(), strategy));
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
                    .map(
                        fk ->
                            "DROP FOREIGN KEY "
                                + quoteName(originalName(originalFrom, e.getKey(), fk)))
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
        Table target = originalTo.table(e.getKey()).orElse(b.get(e.getKey()));
        Set<String> rebuilt = new HashSet<>();
        for (ForeignKey fk : e.getValue()) {
          // The server replaces an index it made for an earlier foreign key by one named after the
          // new constraint; adding the covering index by hand makes it keep its name.
          Index covering = covering(target, fk);
          if (a.containsKey(e.getKey())
              && covering != null
              && !covering.name().equalsIgnoreCase(fk.name())
              && !rebuilt.contains(covering.name().toLowerCase(Locale.ROOT))) {
            // Rebuilt indexes go last in their group: rebuild the ones after it too, in order.
            List<Index> indexes = target.indexes();
            int group = TableAlter.group(covering, target);
            for (int i = indexes.indexOf(covering); i < indexes.size(); i++) {
              Index index = indexes.get(i);
              if (TableAlter.group(index, target) == group
                  && rebuilt.add(index.name().toLowerCase(Locale.ROOT))) {
                clauses.add("DROP INDEX " + quoteName(index.name()));
                clauses.add("ADD " + DdlRenderer.index(index));
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
        (c.safety() == Safety.SAFE || combineUnsafe ? safe : unsafe).add(c);
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
        if (y == null) {
          continue;
        }
        Map<String, ForeignKey> fb = new LinkedHashMap<>();
        y.foreignKeys().forEach(fk -> fb.put(fk.name(), fk));
        Change own = tableChanges.get(x.name());
        for (ForeignKey fk : x.foreignKeys()) {
          ForeignKey target = fb.get(fk.name());
          Change because = own;
          if (target != null && target.equals(fk)) {
            because = blockingChange(x.name(), fk, alters);
            if (because == null) {
              continue;
            }
          }
          drops.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(fk);
          cause.putIfAbsent(x.name(), because);
          if (target != null) {
            adds.computeIfAbsent(x.name(), k -> new ArrayList<>())
                .add(originalFk(originalTo, x.name(), target));
          }
        }
        for (ForeignKey fk : y.foreignKeys()) {
          if (x.foreignKeys().stream().noneMatch(f -> f.name().equals(fk.name()))) {
            adds.computeIfAbsent(x.name(), k -> new ArrayList<>())
                .add(originalFk(originalTo, x.name(), fk));
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
      TableAlter referenced =
          fk.referencedSchema() == null ? alters.get(fk.referencedTable()) : null;
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
                "ALTER TABLE "
                    + quoteName(name)
                    + " DROP FOREIGN KEY "
                    + quoteName(originalName(originalFrom, name, fk)),
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
        Table table = originalTo.table(name).orElse(b.get(name));
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
        String sql = DdlRenderer.createTable(create);
        if (flavor.isMariaDb()) {
          sql = INVISIBLE_KEY.matcher(sql).replaceAll("$1 IGNORED$2");
          sql = GENERATED_NULL.matcher(sql).replaceAll("$1");
        }
        add(sql, tableChanges.get(name), Clause.safe("", "creates table " + name));
        exists.add(name);
      }
    }

    private void createRoutines() {
      for (ObjectKind kind : List.of(ObjectKind.FUNCTION, ObjectKind.PROCEDURE)) {
        String type = kind.name();
        for (Change c : of(kind)) {
          dropIfChanged(c, type);
          Routine r =
              originalTo.routines().stream()
                  .filter(x -> x.type().equals(type) && x.name().equals(c.objectName()))
                  .findFirst()
                  .orElseThrow();
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
        View v = find(originalTo.views(), View::name, name);
        String definition = v.definition().toLowerCase(Locale.ROOT);
        for (String other : byName.keySet()) {
          if (!other.equals(name) && mentions(definition, other.toLowerCase(Locale.ROOT))) {
            reads.computeIfAbsent(name, k -> new HashSet<>()).add(other);
          }
        }
      }
      for (String name : DependencyOrder.sort(new ArrayList<>(byName.keySet()), reads).order()) {
        View v = find(originalTo.views(), View::name, name);
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

  /** The name a foreign key has on the server, when the rules renamed it for comparison. */
  private static String originalName(Schema original, String table, ForeignKey fk) {
    return originalFk(original, table, fk).name();
  }

  private static ForeignKey originalFk(Schema original, String table, ForeignKey fk) {
    Optional<Table> t = original.table(table);
    if (t.isEmpty()) {
      return fk;
    }
    for (ForeignKey candidate : t.get().foreignKeys()) {
      if (candidate.name().equals(fk.name())) {
        return candidate;
      }
    }
    for (ForeignKey candidate : t.get().foreignKeys()) {
      if (candidate.columns().equals(fk.columns())
          && candidate.referencedTable().equals(fk.referencedTable())
          && candidate.referencedColumns().equals(fk.referencedColumns())
          && candidate.onDelete() == fk.onDelete()
          && candidate.onUpdate() == fk.onUpdate()) {
        return candidate;
      }
    }
    return fk;
  }

  /** The first index that can serve a foreign key, as the server would pick it. */
  private static @Nullable Index covering(Table table, ForeignKey fk) {
    for (Index index : table.indexes()) {
      if (index.kind() == IndexKind.FULLTEXT
          || index.kind() == IndexKind.SPATIAL
          || index.parts().size() < fk.columns().size()) {
        continue;
      }
      boolean covers = true;
      for (int i = 0; i < fk.columns().size() && covers; i++) {
        IndexPart part = index.parts().get(i);
        covers =
            part.column() != null
                && part.prefixLength() == null
                && part.column().equalsIgnoreCase(fk.columns().get(i));
      }
      if (covers) {
        return index.kind() == IndexKind.PRIMARY ? null : index;
      }
    }
    return null;
  }

  private static Map<String, Table> byName(List<Table> tables) {
    Map<String, Table> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t.name(), t));
    return out;
  }

  private static <T> T find(List<T> items, Function<T, String> name, String wanted) {
    return items.stream().filter(i -> name.apply(i).equals(wanted)).findFirst().orElseThrow();
  }

  /** Builds a {@link MigrationPlanner}. */
  public static final class Builder {
    private final Flavor flavor;
    private PartitionStrategy strategy = PartitionStrategy.FAIL_WHEN_AMBIGUOUS;
    private boolean keepColumnOrder = true;
    private boolean keepIndexOrder = true;
    private boolean combineUnsafe = true;

    private Builder(Flavor flavor) {
      this.flavor = Objects.requireNonNull(flavor, "flavor");
    }

    /**
     * Sets what to do with ambiguous partition changes (default {@link
     * PartitionStrategy#FAIL_WHEN_AMBIGUOUS}).
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
