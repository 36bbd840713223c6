package dev.opskit.schemadiff.internal.compare;

import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.Difference;
import dev.opskit.schemadiff.compare.IgnoreRules;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.SchemaDefaults;
import dev.opskit.schemadiff.model.SchemaObject;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.UnmodeledAttribute.Owner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Computes the typed changes between two schemas as loaded; a {@link RuleView} decides which
 * objects are compared and which differences count.
 *
 * <p>Objects are matched by kind and name. A table that exists in both is compared part by part:
 * columns, column order, indexes, index order, foreign keys, checks, options and partitioning.
 * Views, triggers, routines and events are compared as whole definitions. Every change and
 * difference holds the objects as loaded, never copies the rules rewrote.
 */
public final class SchemaDiffer {
  private SchemaDiffer() {}

  /**
   * Compares two schemas under some rules.
   *
   * @param a the schema the changes start from
   * @param b the schema the changes lead to
   * @param rules what is compared and what counts
   * @return the changes, by kind then name
   */
  public static List<Change> diff(Schema a, Schema b, IgnoreRules rules) {
    return diff(a, b, new RuleView(rules));
  }

  /**
   * Compares two schemas.
   *
   * @param a the schema the changes start from
   * @param b the schema the changes lead to
   * @param view the rules that decide what is compared and what counts
   * @return the changes, by kind then name; empty when the schemas are the same under the rules
   */
  public static List<Change> diff(Schema a, Schema b, RuleView view) {
    List<Change> changes = new ArrayList<>();
    List<UnmodeledAttribute> ua = view.unmodeled(a);
    List<UnmodeledAttribute> ub = view.unmodeled(b);
    schemaDefaults(a, b, view, changes);
    objects(
        ObjectKind.TABLE,
        a.tables().stream().filter(t -> view.comparesTable(t.name())).toList(),
        b.tables().stream().filter(t -> view.comparesTable(t.name())).toList(),
        t -> DdlRenderer.createTable(view.table(t)),
        null,
        (x, y) -> tableDifferences(x, y, view),
        unmodeled(ua, ub, Owner.TABLE),
        changes);
    objects(
        ObjectKind.VIEW,
        a.views().stream().filter(v -> view.comparesView(v.name())).toList(),
        b.views().stream().filter(v -> view.comparesView(v.name())).toList(),
        v -> DdlRenderer.createView(view.view(v)),
        view::view,
        null,
        unmodeled(ua, ub, Owner.VIEW),
        changes);
    objects(
        ObjectKind.TRIGGER,
        a.triggers().stream().filter(view::compares).toList(),
        b.triggers().stream().filter(view::compares).toList(),
        t -> DdlRenderer.createTrigger(view.trigger(t)),
        view::trigger,
        null,
        unmodeled(ua, ub, Owner.TRIGGER),
        changes);
    for (ObjectKind kind : List.of(ObjectKind.PROCEDURE, ObjectKind.FUNCTION)) {
      objects(
          kind,
          routines(a, kind, view),
          routines(b, kind, view),
          r -> DdlRenderer.createRoutine(view.routine(r)),
          view::routine,
          null,
          n -> List.of(),
          changes);
    }
    objects(
        ObjectKind.EVENT,
        a.events().stream().filter(view::compares).toList(),
        b.events().stream().filter(view::compares).toList(),
        e -> DdlRenderer.createEvent(view.event(e)),
        view::event,
        null,
        n -> List.of(),
        changes);
    return List.copyOf(changes);
  }

  private static List<Routine> routines(Schema schema, ObjectKind kind, RuleView view) {
    return schema.routines().stream()
        .filter(r -> RuleView.kindOf(r) == kind && view.compares(r))
        .toList();
  }

  private static void schemaDefaults(Schema a, Schema b, RuleView view, List<Change> changes) {
    if (!view.rules().comparesSchemaDefaults()
        || a.defaultCharset().isEmpty()
        || b.defaultCharset().isEmpty()) {
      return;
    }
    List<Difference> differences = new ArrayList<>();
    if (!a.defaultCharset().equals(b.defaultCharset())) {
      differences.add(
          new Difference.OfSchemaDefault(
              Aspect.DEFAULT_CHARSET, a.defaultCharset(), b.defaultCharset()));
    }
    if (!a.defaultCollation().equals(b.defaultCollation())) {
      differences.add(
          new Difference.OfSchemaDefault(
              Aspect.DEFAULT_COLLATION, a.defaultCollation(), b.defaultCollation()));
    }
    if (!differences.isEmpty()) {
      changes.add(
          new Change(
              ObjectKind.SCHEMA,
              "",
              ChangeType.CHANGED,
              SchemaDefaults.of(a),
              SchemaDefaults.of(b),
              differences,
              "DEFAULT CHARSET=" + a.defaultCharset() + " COLLATE=" + a.defaultCollation(),
              "DEFAULT CHARSET=" + b.defaultCharset() + " COLLATE=" + b.defaultCollation()));
    }
  }

  /**
   * Returns, for an object's name, how what it holds outside the model differs: each attribute is
   * matched by {@link UnmodeledAttribute#key()} and compared by value; failed self-checks of a live
   * read are left out.
   */
  private static Function<String, List<Difference>> unmodeled(
      List<UnmodeledAttribute> a, List<UnmodeledAttribute> b, Owner owner) {
    Map<String, Map<String, UnmodeledAttribute>> from = unmodeledByObject(a, owner);
    Map<String, Map<String, UnmodeledAttribute>> to = unmodeledByObject(b, owner);
    return n -> {
      Map<String, UnmodeledAttribute> x = from.getOrDefault(n, Map.of());
      Map<String, UnmodeledAttribute> y = to.getOrDefault(n, Map.of());
      if (x.equals(y)) {
        return List.of();
      }
      TreeSet<String> keys = new TreeSet<>(x.keySet());
      keys.addAll(y.keySet());
      List<Difference> out = new ArrayList<>();
      for (String key : keys) {
        UnmodeledAttribute p = x.get(key);
        UnmodeledAttribute q = y.get(key);
        UnmodeledAttribute any = Objects.requireNonNull(p != null ? p : q);
        String label =
            any.partKind() == UnmodeledAttribute.PartKind.OBJECT
                ? any.attribute()
                : any.partKind().name().toLowerCase(Locale.ROOT)
                    + " `"
                    + any.partName()
                    + "` "
                    + any.attribute();
        if (p == null || q == null || !p.value().equals(q.value())) {
          out.add(new Difference.OfUnmodeled(label, p, q));
        }
      }
      return out;
    };
  }

  private static Map<String, Map<String, UnmodeledAttribute>> unmodeledByObject(
      List<UnmodeledAttribute> attributes, Owner owner) {
    Map<String, Map<String, UnmodeledAttribute>> out = new LinkedHashMap<>();
    for (UnmodeledAttribute u : attributes) {
      // A failed self-check says the read is in doubt, not that the schemas differ: it is a
      // warning (and a failure in strict mode), never a difference.
      if (u.owner() == owner && !u.isReadProblem()) {
        out.computeIfAbsent(u.objectName(), k -> new LinkedHashMap<>()).put(u.key(), u);
      }
    }
    return out;
  }

  /**
   * Compares the objects of one kind by name. An object is compared part by part when {@code parts}
   * is given, else as a whole through {@code compared}, its form under the rules.
   */
  private static <T extends SchemaObject> void objects(
      ObjectKind kind,
      List<T> from,
      List<T> to,
      Function<T, String> render,
      @Nullable UnaryOperator<T> compared,
      @Nullable BiFunction<T, T, List<Difference>> parts,
      Function<String, List<Difference>> unmodeled,
      List<Change> changes) {
    Map<String, T> a = byName(from, SchemaObject::name);
    Map<String, T> b = byName(to, SchemaObject::name);
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String n : names) {
      T x = a.get(n);
      T y = b.get(n);
      if (x == null) {
        changes.add(
            new Change(kind, n, ChangeType.ADDED, null, y, List.of(), null, render.apply(y)));
      } else if (y == null) {
        changes.add(
            new Change(kind, n, ChangeType.REMOVED, x, null, List.of(), render.apply(x), null));
      } else {
        List<Difference> differences = new ArrayList<>();
        if (parts != null) {
          if (!x.equals(y)) {
            differences.addAll(parts.apply(x, y));
          }
        } else if (!Objects.requireNonNull(compared).apply(x).equals(compared.apply(y))) {
          differences.add(new Difference.OfDefinition(render.apply(x), render.apply(y)));
        }
        differences.addAll(unmodeled.apply(n));
        if (!differences.isEmpty()) {
          changes.add(
              new Change(
                  kind,
                  n,
                  ChangeType.CHANGED,
                  x,
                  y,
                  differences,
                  render.apply(x),
                  render.apply(y)));
        }
      }
    }
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T item : items) {
      map.put(name.apply(item), item);
    }
    return map;
  }

  /**
   * Returns how two tables of the same name differ under the rules; empty when only what the rules
   * ignore differs, or spellings MySQL treats as one (an index name's case).
   */
  static List<Difference> tableDifferences(Table a, Table b, RuleView view) {
    List<Difference> out = new ArrayList<>();
    parts(
        a.columns(),
        b.columns(),
        c -> c.name().toLowerCase(Locale.ROOT),
        view::sameColumn,
        (x, y) ->
            new Difference.OfColumn(
                x,
                y,
                x == null ? null : DdlRenderer.column(view.column(x), a),
                y == null ? null : DdlRenderer.column(view.column(y), b)),
        out);
    if (!view.rules().ignoresColumnOrder()) {
      order(
          Aspect.COLUMN_ORDER,
          a.columns(),
          b.columns(),
          c -> c.name().toLowerCase(Locale.ROOT),
          Column::name,
          out);
    }
    parts(
        a.indexes(),
        b.indexes(),
        i -> i.name().toLowerCase(Locale.ROOT),
        view::sameIndex,
        (x, y) ->
            new Difference.OfIndex(
                x,
                y,
                x == null ? null : DdlRenderer.index(view.index(x)),
                y == null ? null : DdlRenderer.index(view.index(y))),
        out);
    if (!view.rules().ignoresIndexOrder()) {
      order(
          Aspect.INDEX_ORDER,
          a.indexes(),
          b.indexes(),
          i -> i.name().toLowerCase(Locale.ROOT),
          Index::name,
          out);
    }
    parts(
        a.foreignKeys(),
        b.foreignKeys(),
        view::foreignKeyKey,
        view::sameForeignKey,
        (x, y) ->
            new Difference.OfForeignKey(
                x,
                y,
                x == null ? null : DdlRenderer.foreignKey(view.foreignKeyShown(x)),
                y == null ? null : DdlRenderer.foreignKey(view.foreignKeyShown(y))),
        out);
    parts(
        a.checks(),
        b.checks(),
        CheckConstraint::name,
        Object::equals,
        (x, y) ->
            new Difference.OfCheck(
                x,
                y,
                x == null ? null : DdlRenderer.check(x),
                y == null ? null : DdlRenderer.check(y)),
        out);
    Map<String, String> ao = view.options(a);
    Map<String, String> bo = view.options(b);
    if (!ao.equals(bo)) {
      TreeSet<String> options = new TreeSet<>(ao.keySet());
      options.addAll(bo.keySet());
      for (String option : options) {
        String x = ao.get(option);
        String y = bo.get(option);
        if (!Objects.equals(x, y)) {
          out.add(new Difference.OfOption(option, x, y));
        }
      }
    }
    Partitioning ap = view.partitioning(a);
    Partitioning bp = view.partitioning(b);
    if (!Objects.equals(ap, bp)) {
      out.add(
          new Difference.OfPartitioning(
              a.partitioning(),
              b.partitioning(),
              ap == null ? null : DdlRenderer.partitioning(ap),
              bp == null ? null : DdlRenderer.partitioning(bp)));
    }
    return out;
  }

  /**
   * Pairs the parts of two lists by key and reports those that differ: removed and changed ones in
   * {@code from}'s order, then added ones in {@code to}'s.
   */
  private static <T> void parts(
      List<T> from,
      List<T> to,
      Function<T, String> key,
      BiPredicate<T, T> same,
      BiFunction<@Nullable T, @Nullable T, Difference> difference,
      List<Difference> out) {
    Map<String, T> a = byName(from, key);
    Map<String, T> b = byName(to, key);
    for (Map.Entry<String, T> entry : a.entrySet()) {
      T y = b.get(entry.getKey());
      if (y == null || !same.test(entry.getValue(), y)) {
        out.add(difference.apply(entry.getValue(), y));
      }
    }
    for (Map.Entry<String, T> entry : b.entrySet()) {
      if (!a.containsKey(entry.getKey())) {
        out.add(difference.apply(null, entry.getValue()));
      }
    }
  }

  /** Reports a changed order when the parts both sides share are not in the same relative order. */
  private static <T> void order(
      Aspect aspect,
      List<T> from,
      List<T> to,
      Function<T, String> key,
      Function<T, String> name,
      List<Difference> out) {
    List<String> inA = from.stream().map(key).toList();
    List<String> inB = to.stream().map(key).toList();
    List<String> commonA = new ArrayList<>();
    List<String> shownA = new ArrayList<>();
    for (T item : from) {
      if (inB.contains(key.apply(item))) {
        commonA.add(key.apply(item));
        shownA.add(name.apply(item));
      }
    }
    List<String> commonB = new ArrayList<>();
    List<String> shownB = new ArrayList<>();
    for (T item : to) {
      if (inA.contains(key.apply(item))) {
        commonB.add(key.apply(item));
        shownB.add(name.apply(item));
      }
    }
    if (!commonA.equals(commonB)) {
      out.add(new Difference.OfOrder(aspect, shownA, shownB));
    }
  }
}
