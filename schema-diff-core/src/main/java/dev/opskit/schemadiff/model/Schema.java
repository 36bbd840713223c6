package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.model.Charsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A schema (database) and everything in it, each kind of object sorted by name.
 *
 * @param name the schema name; empty when the source did not say (DDL text without {@code USE})
 * @param defaultCharset the schema's default character set
 * @param defaultCollation the schema's default collation
 * @param tables the tables
 * @param views the views
 * @param triggers the triggers
 * @param routines the stored procedures and functions
 * @param events the events
 * @param unmodeled what the source holds that the model has no place for, sorted by {@link
 *     UnmodeledAttribute#key()}
 */
public record Schema(
    String name,
    String defaultCharset,
    String defaultCollation,
    List<Table> tables,
    List<View> views,
    List<Trigger> triggers,
    List<Routine> routines,
    List<Event> events,
    List<UnmodeledAttribute> unmodeled) {

  /** Sorts every list by name and canonicalizes the charset and collation. */
  public Schema {
    Objects.requireNonNull(name, "name");
    defaultCharset = Charsets.canonicalCharset(defaultCharset);
    defaultCollation = Charsets.canonicalCollation(defaultCollation);
    tables = sorted(tables, Table::name);
    views = sorted(views, View::name);
    triggers = sorted(triggers, Trigger::name);
    routines =
        routines.stream()
            .sorted(Comparator.comparing(Routine::type).thenComparing(Routine::name))
            .toList();
    events = sorted(events, Event::name);
    unmodeled =
        unmodeled.stream()
            .sorted(
                Comparator.comparing(UnmodeledAttribute::key)
                    .thenComparing(UnmodeledAttribute::value))
            .toList();
  }

  /**
   * Returns a schema that holds nothing the model has no place for.
   *
   * @param name the schema name
   * @param defaultCharset the default character set
   * @param defaultCollation the default collation
   * @param tables the tables
   * @param views the views
   * @param triggers the triggers
   * @param routines the routines
   * @param events the events
   */
  public Schema(
      String name,
      String defaultCharset,
      String defaultCollation,
      List<Table> tables,
      List<View> views,
      List<Trigger> triggers,
      List<Routine> routines,
      List<Event> events) {
    this(
        name,
        defaultCharset,
        defaultCollation,
        tables,
        views,
        triggers,
        routines,
        events,
        List.of());
  }

  /**
   * Returns the table with a name.
   *
   * @param tableName the name
   * @return the table, or empty
   */
  public Optional<Table> table(String tableName) {
    return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
  }

  /**
   * Returns this schema under another name, for comparing schemas whose names differ.
   *
   * @param newName the name
   * @return the renamed schema
   */
  public Schema withName(String newName) {
    return new Schema(
        newName,
        defaultCharset,
        defaultCollation,
        tables,
        views,
        triggers,
        routines,
        events,
        unmodeled);
  }

  private static <T> List<T> sorted(List<T> items, Function<T, String> name) {
    return items.stream().sorted(Comparator.comparing(name)).toList();
  }
}
