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
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.UnmodeledAttribute.Owner;
import dev.opskit.schemadiff.model.View;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Computes the structured changes between two schemas, after both went through the same {@link
 * IgnoreRules}.
 *
 * <p>Objects are matched by kind and name. A table that exists in both is compared part by part:
 * columns, column order, indexes, index order, foreign keys, checks, options and partitioning.
 * Views, triggers, routines and events are compared as whole definitions.
 */
public final class SchemaDiffer {
  private SchemaDiffer() {}

  /**
   * Compares two schemas.
   *
   * @param from the schema the changes start from
   * @param to the schema the changes lead to
   * @param rules what to leave out
   * @return the changes, by kind then name; empty when the schemas are the same under the rules
   */
  public static List<Change> diff(Schema from, Schema to, IgnoreRules rules) {
    return diffCompared(rules.apply(from), rules.apply(to), rules);
  }

  /**
   * Compares two schemas that already went through the rules ({@link IgnoreRules#apply}), for
   * callers that keep the compared schemas, such as reports.
   *
   * @param a the {@code from} schema as the rules left it
   * @param b the {@code to} schema as the rules left it
   * @param rules the rules both were prepared with
   * @return the changes, by kind then name
   */
  public static List<Change> diffCompared(Schema a, Schema b, IgnoreRules rules) {
    List<Change> changes = new ArrayList<>();
    schemaDefaults(a, b, rules, changes);
    objects(
        ObjectKind.TABLE,
        a.tables(),
        b.tables(),
        Table::name,
        DdlRenderer::createTable,
        SchemaDiffer::tableDifferences,
        unmodeled(a, b, Owner.TABLE),
        changes);
    objects(
        ObjectKind.VIEW,
        a.views(),
        b.views(),
        View::name,
        DdlRenderer::createView,
        whole(),
        unmodeled(a, b, Owner.VIEW),
        changes);
    objects(
        ObjectKind.TRIGGER,
        a.triggers(),
        b.triggers(),
        Trigger::name,
        DdlRenderer::createTrigger,
        whole(),
        unmodeled(a, b, Owner.TRIGGER),
        changes);
    objects(
        ObjectKind.PROCEDURE,
        routines(a, "PROCEDURE"),
        routines(b, "PROCEDURE"),
        Routine::name,
        DdlRenderer::createRoutine,
        whole(),
        none(),
        changes);
    objects(
        ObjectKind.FUNCTION,
        routines(a, "FUNCTION"),
        routines(b, "FUNCTION"),
        Routine::name,
        DdlRenderer::createRoutine,
        whole(),
        none(),
        changes);
    objects(
        ObjectKind.EVENT,
        a.events(),
        b.events(),
        Event::name,
        DdlRenderer::createEvent,
        whole(),
        none(),
        changes);
    return List.copyOf(changes);
  }

  private static List<Routine> routines(Schema schema, String type) {
    return schema.routines().stream().filter(r -> r.type().equals(type)).toList();
  }

  private static void schemaDefaults(Schema a, Schema b, IgnoreRules rules, List<Change> changes) {
    if (!rules.comparesSchemaDefaults()
        || a.defaultCharset().isEmpty()
        || b.defaultCharset().isEmpty()) {
      return;
    }
    List<Difference> differences = new ArrayList<>();
    if (!a.defaultCharset().equals(b.defaultCharset())) {
      differences.add(
          new Difference(
              Aspect.DEFAULT_CHARSET,
              "",
              ChangeType.CHANGED,
              a.defaultCharset(),
              b.defaultCharset()));
    }
    if (!a.defaultCollation().equals(b.defaultCollation())) {
      differences.add(
          new Difference(
              Aspect.DEFAULT_COLLATION,
              "",
              ChangeType.CHANGED,
              a.defaultCollation(),
              b.defaultCollation()));
    }
    if (!differences.isEmpty()) {
      changes.add(
          new Change(
              ObjectKind.SCHEMA,
              "",
              ChangeType.CHANGED,
              differences,
              "DEFAULT CHARSET=" + a.defaultCharset() + " COLLATE=" + a.defaultCollation(),
              "DEFAULT CHARSET=" + b.defaultCharset() + " COLLATE=" + b.defaultCollation()));
    }
  }

  private static Function<String, List<Difference>> none() {
    return n -> List.of();
  }

  /**
   * Returns, for an object's name, how what it holds outside the model differs: each attribute is
   * matched by {@link UnmodeledAttribute#key()} and compared by value; failed self-checks of a live
   * read are left out.
   */
  private static Function<String, List<Difference>> unmodeled(Schema a, Schema b, Owner owner) {
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
        UnmodeledAttribute any = p != null ? p : q;
        String label =
            any.partKind() == UnmodeledAttribute.PartKind.OBJECT
                ? any.attribute()
                : any.partKind().name().toLowerCase(Locale.ROOT)
                    + " `"
                    + any.partName()
                    + "` "
                    + any.attribute();
        if (p == null) {
          out.add(new Difference(Aspect.UNMODELED, label, ChangeType.ADDED, null, q.value()));
        } else if (q == null) {
          out.add(new Difference(Aspect.UNMODELED, label, ChangeType.REMOVED, p.value(), null));
        } else if (!p.value().equals(q.value())) {
          out.add(
              new Difference(Aspect.UNMODELED, label, ChangeType.CHANGED, p.value(), q.value()));
        }
      }
      return out;
    };
  }

  private static Map<String, Map<String, UnmodeledAttribute>> unmodeledByObject(
      Schema schema, Owner owner) {
    Map<String, Map<String, UnmodeledAttribute>> out = new LinkedHashMap<>();
    for (UnmodeledAttribute u : schema.unmodeled()) {
      // A failed self-check says the read is in doubt, not that the schemas differ: it is a
      // warning (and a failure in strict mode), never a difference.
      if (u.owner() == owner && !u.isReadProblem()) {
        out.computeIfAbsent(u.objectName(), k -> new LinkedHashMap<>()).put(u.key(), u);
      }
    }
    return out;
  }

  private static <T> BiFunction<T, T, List<Difference>> whole() {
    return (x, y) -> List.of();
  }

  private static <T> void objects(
      ObjectKind kind,
      List<T> from,
      List<T> to,
      Function<T, String> name,
      Function<T, String> render,
      BiFunction<T, T, List<Difference>> parts,
      Function<String, List<Difference>> unmodeled,
      List<Change> changes) {
    Map<String, T> a = byName(from, name);
    Map<String, T> b = byName(to, name);
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String n : names) {
      T x = a.get(n);
      T y = b.get(n);
      if (x == null) {
        changes.add(new Change(kind, n, ChangeType.ADDED, List.of(), null, render.apply(y)));
      } else if (y == null) {
        changes.add(new Change(kind, n, ChangeType.REMOVED, List.of(), render.apply(x), null));
      } else if (!x.equals(y) || !unmodeled.apply(n).isEmpty()) {
        String fromText = render.apply(x);
        String toText = render.apply(y);
        List<Difference> differences = new ArrayList<>(x.equals(y) ? List.of() : parts.apply(x, y));
        differences.addAll(unmodeled.apply(n));
        if (kind == ObjectKind.TABLE && differences.isEmpty()) {
          continue; // equal but for spellings MySQL treats as one, such as an index name's case
        }
        if (differences.isEmpty()) {
          differences.add(
              new Difference(Aspect.DEFINITION, "", ChangeType.CHANGED, fromText, toText));
        }
        changes.add(new Change(kind, n, ChangeType.CHANGED, differences, fromText, toText));
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

  private static List<Difference> tableDifferences(Table a, Table b) {
    List<Difference> out = new ArrayList<>();
    parts(
        Aspect.COLUMN,
        a.columns(),
        b.columns(),
        c -> c.name().toLowerCase(Locale.ROOT),
        c -> DdlRenderer.column(c, a),
        c -> DdlRenderer.column(c, b),
        out);
    order(
        Aspect.COLUMN_ORDER,
        a.columns(),
        b.columns(),
        c -> c.name().toLowerCase(Locale.ROOT),
        Column::name,
        out);
    parts(
        Aspect.INDEX,
        a.indexes(),
        b.indexes(),
        i -> i.name().toLowerCase(Locale.ROOT),
        DdlRenderer::index,
        DdlRenderer::index,
        out);
    order(
        Aspect.INDEX_ORDER,
        a.indexes(),
        b.indexes(),
        i -> i.name().toLowerCase(Locale.ROOT),
        Index::name,
        out);
    parts(
        Aspect.FOREIGN_KEY,
        a.foreignKeys(),
        b.foreignKeys(),
        ForeignKey::name,
        DdlRenderer::foreignKey,
        DdlRenderer::foreignKey,
        out);
    parts(
        Aspect.CHECK,
        a.checks(),
        b.checks(),
        CheckConstraint::name,
        DdlRenderer::check,
        DdlRenderer::check,
        out);
    TreeSet<String> options = new TreeSet<>(a.options().keySet());
    options.addAll(b.options().keySet());
    for (String option : options) {
      String x = a.options().get(option);
      String y = b.options().get(option);
      if (!Objects.equals(x, y)) {
        ChangeType type =
            x == null ? ChangeType.ADDED : y == null ? ChangeType.REMOVED : ChangeType.CHANGED;
        out.add(new Difference(Aspect.OPTION, option, type, x, y));
      }
    }
    if (!Objects.equals(a.partitioning(), b.partitioning())) {
      String x = a.partitioning() == null ? null : DdlRenderer.partitioning(a.partitioning());
      String y = b.partitioning() == null ? null : DdlRenderer.partitioning(b.partitioning());
      ChangeType type =
          x == null ? ChangeType.ADDED : y == null ? ChangeType.REMOVED : ChangeType.CHANGED;
      out.add(new Difference(Aspect.PARTITIONING, "", type, x, y));
    }
    return out;
  }

  private static <T> void parts(
      Aspect aspect,
      List<T> from,
      List<T> to,
      Function<T, String> key,
      Function<T, String> renderFrom,
      Function<T, String> renderTo,
      List<Difference> out) {
    Map<String, T> a = byName(from, key);
    Map<String, T> b = byName(to, key);
    for (Map.Entry<String, T> entry : a.entrySet()) {
      T y = b.get(entry.getKey());
      String x = renderFrom.apply(entry.getValue());
      if (y == null) {
        out.add(
            new Difference(
                aspect,
                displayName(entry.getValue(), entry.getKey()),
                ChangeType.REMOVED,
                x,
                null));
      } else if (!same(entry.getValue(), y)) {
        out.add(
            new Difference(
                aspect, displayName(y, entry.getKey()), ChangeType.CHANGED, x, renderTo.apply(y)));
      }
    }
    for (Map.Entry<String, T> entry : b.entrySet()) {
      if (!a.containsKey(entry.getKey())) {
        out.add(
            new Difference(
                aspect,
                displayName(entry.getValue(), entry.getKey()),
                ChangeType.ADDED,
                null,
                renderTo.apply(entry.getValue())));
      }
    }
  }

  /** Index names are case-insensitive in MySQL: {@code IDX_A} and {@code idx_a} are one index. */
  private static boolean same(Object x, Object y) {
    if (x instanceof Index a && y instanceof Index b) {
      return a.equals(
          new Index(
              a.name(),
              b.kind(),
              b.parts(),
              b.visible(),
              b.comment(),
              b.parser(),
              b.algorithm(),
              b.options()));
    }
    return x.equals(y);
  }

  private static String displayName(Object part, String key) {
    if (part instanceof Column c) {
      return c.name();
    }
    if (part instanceof Index i) {
      return i.name();
    }
    return key;
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
      out.add(
          new Difference(
              aspect,
              "",
              ChangeType.CHANGED,
              String.join(", ", shownA),
              String.join(", ", shownB)));
    }
  }
}
