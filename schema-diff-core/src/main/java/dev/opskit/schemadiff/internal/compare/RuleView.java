package dev.opskit.schemadiff.internal.compare;

import dev.opskit.schemadiff.compare.IgnoreRules;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.View;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The schemas as {@link IgnoreRules} let a comparison see them, one part at a time: which objects
 * are compared, and each part's comparable form (a column without its comment when comments are
 * ignored, a table's options without the ignored ones). The schemas themselves are never rewritten:
 * the differ, the planner and the guard ask this view whether two parts count as different, and
 * every statement is written from the objects as loaded, under their real names.
 */
public final class RuleView {
  private final IgnoreRules rules;

  /**
   * Creates the view of some rules.
   *
   * @param rules the rules
   */
  public RuleView(IgnoreRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * Returns the rules.
   *
   * @return the rules
   */
  public IgnoreRules rules() {
    return rules;
  }

  /**
   * Returns whether a table is compared.
   *
   * @param name the table's name
   * @return false when a rule ignores it
   */
  public boolean comparesTable(String name) {
    return !rules.ignores(ObjectKind.TABLE, name);
  }

  /**
   * Returns whether a view is compared.
   *
   * @param name the view's name
   * @return false when a rule ignores it
   */
  public boolean comparesView(String name) {
    return !rules.ignores(ObjectKind.VIEW, name);
  }

  /**
   * Returns whether a trigger is compared: neither it nor its table is ignored.
   *
   * @param trigger the trigger
   * @return false when a rule ignores it
   */
  public boolean compares(Trigger trigger) {
    return !rules.ignores(ObjectKind.TRIGGER, trigger.name()) && comparesTable(trigger.table());
  }

  /**
   * Returns whether a routine is compared.
   *
   * @param routine the routine
   * @return false when a rule ignores it
   */
  public boolean compares(Routine routine) {
    return !rules.ignores(kindOf(routine), routine.name());
  }

  /**
   * Returns whether an event is compared.
   *
   * @param event the event
   * @return false when a rule ignores it
   */
  public boolean compares(Event event) {
    return !rules.ignores(ObjectKind.EVENT, event.name());
  }

  /**
   * Returns the kind of a routine.
   *
   * @param routine the routine
   * @return {@link ObjectKind#FUNCTION} or {@link ObjectKind#PROCEDURE}
   */
  public static ObjectKind kindOf(Routine routine) {
    return routine.type().equals("FUNCTION") ? ObjectKind.FUNCTION : ObjectKind.PROCEDURE;
  }

  /**
   * Returns what of a schema's unmodeled attributes belongs to compared objects.
   *
   * @param schema the schema
   * @return the attributes of tables, views and triggers the rules keep
   */
  public List<UnmodeledAttribute> unmodeled(Schema schema) {
    if (schema.unmodeled().isEmpty()) {
      return List.of();
    }
    Map<String, Trigger> triggers = new LinkedHashMap<>();
    schema.triggers().forEach(t -> triggers.put(t.name(), t));
    return schema.unmodeled().stream()
        .filter(
            u ->
                switch (u.owner()) {
                  case TABLE -> comparesTable(u.objectName());
                  case VIEW -> comparesView(u.objectName());
                  case TRIGGER ->
                      triggers.containsKey(u.objectName())
                          && compares(triggers.get(u.objectName()));
                })
        .toList();
  }

  /**
   * Returns a column as compared.
   *
   * @param column the column
   * @return the column, without its comment when comments are ignored
   */
  public Column column(Column column) {
    return rules.ignoresComments() && !column.comment().isEmpty()
        ? column.toBuilder().comment("").build()
        : column;
  }

  /**
   * Returns an index as compared.
   *
   * @param index the index
   * @return the index, without its comment when comments are ignored
   */
  public Index index(Index index) {
    if (!rules.ignoresComments() || index.comment().isEmpty()) {
      return index;
    }
    return new Index(
        index.name(),
        index.kind(),
        index.parts(),
        index.visible(),
        "",
        index.parser(),
        index.algorithm(),
        index.options());
  }

  /**
   * Returns whether two columns are the same as compared.
   *
   * @param a one column
   * @param b the other
   * @return true when they differ in nothing that counts
   */
  public boolean sameColumn(Column a, Column b) {
    return column(a).equals(column(b));
  }

  /**
   * Returns whether two indexes are the same as compared, whatever their names: index names are
   * case-insensitive on the servers, and a rename is planned as one.
   *
   * @param a one index
   * @param b the other
   * @return true when they differ in nothing that counts but their names
   */
  public boolean sameIndex(Index a, Index b) {
    Index x = index(a);
    Index y = index(b);
    return x.kind() == y.kind()
        && x.parts().equals(y.parts())
        && x.visible() == y.visible()
        && x.comment().equals(y.comment())
        && Objects.equals(x.parser(), y.parser())
        && Objects.equals(x.algorithm(), y.algorithm())
        && x.options().equals(y.options());
  }

  /**
   * Returns the key that pairs a foreign key with its counterpart on the other side: its name, or,
   * when names are ignored, what it does (columns and referenced columns).
   *
   * @param fk the foreign key
   * @return the key
   */
  public String foreignKeyKey(ForeignKey fk) {
    if (!rules.ignoresForeignKeyNames()) {
      return fk.name();
    }
    return (String.join(",", fk.columns())
            + "->"
            + (fk.referencedSchema() == null ? "" : fk.referencedSchema() + ".")
            + fk.referencedTable()
            + "("
            + String.join(",", fk.referencedColumns())
            + ")")
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Returns whether two foreign keys paired by {@link #foreignKeyKey} are the same as compared.
   *
   * @param a one foreign key
   * @param b the other
   * @return true when they differ in nothing that counts
   */
  public boolean sameForeignKey(ForeignKey a, ForeignKey b) {
    return rules.ignoresForeignKeyNames() ? named(a, b.name()).equals(b) : a.equals(b);
  }

  /**
   * Returns a foreign key as reports show it: unnamed when names are ignored.
   *
   * @param fk the foreign key
   * @return the foreign key to render
   */
  public ForeignKey foreignKeyShown(ForeignKey fk) {
    return rules.ignoresForeignKeyNames() ? named(fk, "") : fk;
  }

  private static ForeignKey named(ForeignKey fk, String name) {
    return new ForeignKey(
        name,
        fk.columns(),
        fk.referencedSchema(),
        fk.referencedTable(),
        fk.referencedColumns(),
        fk.onDelete(),
        fk.onUpdate());
  }

  /**
   * Returns a table's options as compared.
   *
   * @param table the table
   * @return the options without the ignored ones
   */
  public Map<String, String> options(Table table) {
    Map<String, String> out = null;
    for (String option : table.options().keySet()) {
      if (rules.ignoresTableOption(option)) {
        if (out == null) {
          out = new LinkedHashMap<>(table.options());
        }
        out.remove(option);
      }
    }
    return out == null ? table.options() : out;
  }

  /**
   * Returns a table's partitioning as compared.
   *
   * @param table the table
   * @return the partitioning without a RANGE or LIST partition list when its drift is ignored, and
   *     without partition comments when comments are ignored; null when not partitioned
   */
  public @Nullable Partitioning partitioning(Table table) {
    Partitioning p = table.partitioning();
    if (p == null) {
      return null;
    }
    List<Partition> partitions = p.partitions();
    int count = p.count();
    if (rules.ignoresPartitionListDrift() && p.isValueBased()) {
      partitions = List.of();
      count = 1;
    } else if (rules.ignoresComments()) {
      partitions =
          partitions.stream()
              .map(x -> new Partition(x.name(), x.values(), "", x.subpartitions()))
              .toList();
    } else {
      return p;
    }
    return new Partitioning(
        p.method(),
        p.expression(),
        count,
        p.subMethod(),
        p.subExpression(),
        p.subCount(),
        partitions);
  }

  /**
   * Returns a table as a report shows it: every part as compared, columns and indexes sorted by
   * name when their order is ignored. Never used to write a statement.
   *
   * @param table the table
   * @return the table as compared
   */
  public Table table(Table table) {
    List<Column> columns = table.columns().stream().map(this::column).toList();
    if (rules.ignoresColumnOrder()) {
      columns =
          columns.stream()
              .sorted(Comparator.comparing(c -> c.name().toLowerCase(Locale.ROOT)))
              .toList();
    }
    List<Index> indexes = table.indexes().stream().map(this::index).toList();
    if (rules.ignoresIndexOrder()) {
      indexes =
          indexes.stream()
              .sorted(
                  Comparator.comparing((Index i) -> i.kind() != IndexKind.PRIMARY)
                      .thenComparing(i -> i.name().toLowerCase(Locale.ROOT)))
              .toList();
    }
    return new Table(
        table.name(),
        columns,
        indexes,
        table.foreignKeys().stream().map(this::foreignKeyShown).toList(),
        table.checks(),
        options(table),
        partitioning(table));
  }

  /**
   * Returns a view as compared.
   *
   * @param v the view
   * @return the view, without its definer when definers are ignored
   */
  public View view(View v) {
    return !rules.ignoresDefiners() || v.definer() == null
        ? v
        : new View(v.name(), v.definition(), v.algorithm(), v.security(), v.checkOption(), null);
  }

  /**
   * Returns a trigger as compared.
   *
   * @param t the trigger
   * @return the trigger, without its definer when definers are ignored
   */
  public Trigger trigger(Trigger t) {
    return !rules.ignoresDefiners() || t.definer() == null
        ? t
        : new Trigger(t.name(), t.table(), t.timing(), t.event(), t.body(), null);
  }

  /**
   * Returns a routine as compared.
   *
   * @param r the routine
   * @return the routine, without the comment or definer the rules ignore
   */
  public Routine routine(Routine r) {
    boolean comment = rules.ignoresComments() && !r.comment().isEmpty();
    boolean definer = rules.ignoresDefiners() && r.definer() != null;
    if (!comment && !definer) {
      return r;
    }
    return new Routine(
        r.name(),
        r.type(),
        r.parameters(),
        r.returns(),
        r.body(),
        r.deterministic(),
        r.dataAccess(),
        r.security(),
        comment ? "" : r.comment(),
        definer ? null : r.definer());
  }

  /**
   * Returns an event as compared.
   *
   * @param e the event
   * @return the event, without the comment or definer the rules ignore
   */
  public Event event(Event e) {
    boolean comment = rules.ignoresComments() && !e.comment().isEmpty();
    boolean definer = rules.ignoresDefiners() && e.definer() != null;
    if (!comment && !definer) {
      return e;
    }
    return new Event(
        e.name(),
        e.schedule(),
        e.preserve(),
        e.status(),
        comment ? "" : e.comment(),
        e.body(),
        definer ? null : e.definer());
  }
}
