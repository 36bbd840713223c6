package dev.opskit.schemadiff.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Something a source holds that the model has no place for, such as an index's {@code
 * KEY_BLOCK_SIZE} or a trigger's {@code FOLLOWS} clause. It is kept as text so that two schemas
 * which differ only there do not compare equal in silence: the comparison reports it, strict mode
 * refuses it, and the migration lists it as something to do by hand.
 *
 * @param owner the kind of object that holds it
 * @param objectName the table, view or trigger
 * @param partKind which part of the object holds it
 * @param partName the column, index or partition; empty for {@link PartKind#OBJECT}
 * @param attribute the attribute, as the server spells it ({@code KEY_BLOCK_SIZE}, {@code
 *     COLUMN_FORMAT}, {@code FOLLOWS}, ...)
 * @param value its value as written, canonical case for keywords
 */
public record UnmodeledAttribute(
    Owner owner,
    String objectName,
    PartKind partKind,
    String partName,
    String attribute,
    String value) {

  /** The kinds of object that can hold an unmodeled attribute. */
  public enum Owner {
    /** A table. */
    TABLE,
    /** A view. */
    VIEW,
    /** A trigger. */
    TRIGGER
  }

  /** The part of an object an attribute belongs to. */
  public enum PartKind {
    /** The object itself. */
    OBJECT,
    /** A column of a table. */
    COLUMN,
    /** An index of a table. */
    INDEX,
    /** A partition or subpartition of a table. */
    PARTITION
  }

  /** The attribute of a failed self-check of a live read. */
  public static final String READ_PROBLEM = "SHOW CREATE TABLE";

  /** Checks the fields. */
  public UnmodeledAttribute {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(objectName, "objectName");
    Objects.requireNonNull(partKind, "partKind");
    Objects.requireNonNull(partName, "partName");
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns an attribute of a table itself or of one of its parts.
   *
   * @param table the table
   * @param partKind the part
   * @param partName the part's name; empty for the table itself
   * @param attribute the attribute
   * @param value its value
   * @return the attribute
   */
  public static UnmodeledAttribute ofTable(
      String table, PartKind partKind, String partName, String attribute, String value) {
    return new UnmodeledAttribute(Owner.TABLE, table, partKind, partName, attribute, value);
  }

  /**
   * Returns the position of each trigger among the triggers of its table, timing and event (the
   * server's {@code information_schema.TRIGGERS.ACTION_ORDER}, what {@code FOLLOWS} and {@code
   * PRECEDES} set), for events with more than one trigger.
   *
   * @param inRunOrder the triggers, those of one table, timing and event in the order they run
   * @return an {@code ACTION_ORDER} attribute per trigger of such an event
   */
  public static List<UnmodeledAttribute> triggerOrder(List<Trigger> inRunOrder) {
    Map<String, List<Trigger>> events = new LinkedHashMap<>();
    for (Trigger t : inRunOrder) {
      events
          .computeIfAbsent(t.table() + "\0" + t.timing() + "\0" + t.event(), k -> new ArrayList<>())
          .add(t);
    }
    List<UnmodeledAttribute> out = new ArrayList<>();
    for (List<Trigger> event : events.values()) {
      for (int i = 0; event.size() > 1 && i < event.size(); i++) {
        out.add(
            new UnmodeledAttribute(
                Owner.TRIGGER,
                event.get(i).name(),
                PartKind.OBJECT,
                "",
                "ACTION_ORDER",
                Integer.toString(i + 1)));
      }
    }
    return out;
  }

  /**
   * Returns whether this reports a failed self-check of a live read (attribute {@code SHOW CREATE
   * TABLE}) rather than an attribute of the object.
   *
   * @return true for a failed self-check
   */
  public boolean isReadProblem() {
    return attribute.equals(READ_PROBLEM);
  }

  /**
   * Returns whether this belongs to an object of a kind, by the kind's name ({@code TABLE}, {@code
   * VIEW}, {@code TRIGGER}) and the object's name.
   *
   * @param kind the kind's name
   * @param name the object's name
   * @return true when it does
   */
  public boolean belongsTo(String kind, String name) {
    return owner.name().equals(kind) && objectName.equals(name);
  }

  /**
   * Returns what identifies this attribute on either side of a comparison: everything but the
   * value.
   *
   * @return the key, such as {@code table `t` index `k` KEY_BLOCK_SIZE}
   */
  public String key() {
    return where() + " " + attribute;
  }

  /**
   * Returns where the attribute is, such as {@code table `t` index `k`}.
   *
   * @return the place
   */
  public String where() {
    String object = owner.name().toLowerCase(Locale.ROOT) + " `" + objectName + "`";
    return partKind == PartKind.OBJECT
        ? object
        : object + " " + partKind.name().toLowerCase(Locale.ROOT) + " `" + partName + "`";
  }

  /**
   * Returns a one-line description, such as {@code table `t` index `k`: KEY_BLOCK_SIZE 8}.
   *
   * @return the description
   */
  public String describe() {
    return where() + ": " + attribute + " " + value;
  }
}
