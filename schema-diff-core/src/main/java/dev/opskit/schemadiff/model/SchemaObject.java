package dev.opskit.schemadiff.model;

/**
 * An object a schema holds and a comparison matches by name: a table, view, trigger, routine or
 * event, or the schema's own defaults.
 */
public sealed interface SchemaObject permits Table, View, Trigger, Routine, Event, SchemaDefaults {
  /**
   * Returns the object's name.
   *
   * @return the name; empty for {@link SchemaDefaults}
   */
  String name();
}
