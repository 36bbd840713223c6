package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.model.Charsets;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.View;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema as read so far. Tables and views share one namespace and are case-sensitive, as on a
 * Linux server; routine, trigger and event names are not.
 */
final class SchemaDraft {
  String name = "";
  String charset = "";
  String collation = "";
  final Map<String, TableDraft> tables = new LinkedHashMap<>();
  final Map<String, View> views = new LinkedHashMap<>();
  final Map<String, Trigger> triggers = new LinkedHashMap<>();
  final Map<String, Routine> routines = new LinkedHashMap<>();
  final Map<String, Event> events = new LinkedHashMap<>();

  /** What views and triggers hold that the model has no place for, by {@link #objectKey}. */
  final Map<String, UnmodeledAttribute> objectUnmodeled = new LinkedHashMap<>();

  /** FOLLOWS or PRECEDES and the other trigger, by trigger key, for triggers created with one. */
  final Map<String, String[]> triggerAnchors = new LinkedHashMap<>();

  static String objectKey(UnmodeledAttribute.Owner owner, String objectName) {
    return owner + " " + key(objectName);
  }

  static String key(String objectName) {
    return objectName.toLowerCase(Locale.ROOT);
  }

  static String routineKey(String type, String routineName) {
    return type.toUpperCase(Locale.ROOT) + " " + key(routineName);
  }

  /** Drops a table and the triggers on it. */
  void dropTable(String tableName) {
    tables.remove(tableName);
    triggers.values().removeIf(t -> t.table().equals(tableName));
  }

  /**
   * Returns the position of each trigger among those of its table, timing and event, for events
   * with more than one: triggers run in the order they were created, unless FOLLOWS or PRECEDES
   * placed them (the server keeps the result, information_schema.TRIGGERS.ACTION_ORDER).
   */
  private List<UnmodeledAttribute> triggerOrder() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, Trigger> e : triggers.entrySet()) {
      Trigger t = e.getValue();
      List<String> group =
          groups.computeIfAbsent(
              t.table() + "\0" + t.timing() + "\0" + t.event(), k -> new ArrayList<>());
      String[] anchor = triggerAnchors.get(e.getKey());
      int at = anchor == null ? -1 : group.indexOf(key(anchor[1]));
      if (at < 0) {
        group.add(e.getKey());
      } else {
        group.add(anchor[0].equals("FOLLOWS") ? at + 1 : at, e.getKey());
      }
    }
    List<Trigger> inRunOrder = new ArrayList<>();
    groups.values().forEach(group -> group.forEach(k -> inRunOrder.add(triggers.get(k))));
    return UnmodeledAttribute.triggerOrder(inRunOrder);
  }

  void clear() {
    tables.clear();
    views.clear();
    triggers.clear();
    routines.clear();
    events.clear();
    objectUnmodeled.clear();
    triggerAnchors.clear();
  }

  Schema build(Flavor flavor) {
    String cs = charset;
    String co = collation;
    if (cs.isEmpty() && !co.isEmpty()) {
      cs = Charsets.charsetOf(co);
    } else if (!cs.isEmpty() && co.isEmpty()) {
      co = flavor.defaultCollation(cs);
    }
    List<Table> built = new ArrayList<>();
    List<UnmodeledAttribute> unmodeled = new ArrayList<>();
    for (TableDraft table : tables.values()) {
      Table t = table.build(flavor, cs, co, tables);
      built.add(t);
      unmodeled.addAll(table.unmodeled(t));
    }
    unmodeled.addAll(triggerOrder());
    for (UnmodeledAttribute a : objectUnmodeled.values()) {
      boolean exists =
          a.owner() == UnmodeledAttribute.Owner.VIEW
              ? views.containsKey(a.objectName())
              : triggers.containsKey(key(a.objectName()));
      if (exists) {
        unmodeled.add(a);
      }
    }
    return new Schema(
        name,
        cs,
        co,
        built,
        List.copyOf(views.values()),
        List.copyOf(triggers.values()),
        List.copyOf(routines.values()),
        List.copyOf(events.values()),
        unmodeled);
  }
}
