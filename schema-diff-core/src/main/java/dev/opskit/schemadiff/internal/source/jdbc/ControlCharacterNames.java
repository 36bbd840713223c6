package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.UnsupportedNameException;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;

/**
 * Refuses a live schema holding a name with a control character, as the DDL parser refuses one in a
 * script: the server takes such names, but they are never silently read.
 */
final class ControlCharacterNames {
  private ControlCharacterNames() {}

  /**
   * Checks every name in a schema.
   *
   * @throws UnsupportedNameException naming the first object whose name holds one
   */
  static void check(Schema schema) {
    check("schema", "", schema.name());
    for (Table table : schema.tables()) {
      String t = table.name();
      check("table", "", t);
      for (Column c : table.columns()) {
        check("column", t, c.name());
      }
      for (Index i : table.indexes()) {
        check("index", t, i.name());
      }
      for (ForeignKey f : table.foreignKeys()) {
        check("foreign key", t, f.name());
      }
      for (CheckConstraint c : table.checks()) {
        check("check", t, c.name());
      }
      if (table.partitioning() != null) {
        for (Partition p : table.partitioning().partitions()) {
          check("partition", t, p.name());
          for (String sub : p.subpartitions()) {
            check("partition", t, sub);
          }
        }
      }
    }
    for (View v : schema.views()) {
      check("view", "", v.name());
    }
    for (Trigger t : schema.triggers()) {
      check("trigger", "", t.name());
    }
    for (Routine r : schema.routines()) {
      check("routine", "", r.name());
    }
    for (Event e : schema.events()) {
      check("event", "", e.name());
    }
  }

  private static void check(String kind, String table, String name) {
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
        throw new UnsupportedNameException(kind, table, name, ch);
      }
    }
  }
}
