package dev.opskit.schemadiff.model;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A trigger.
 *
 * @param name the trigger name
 * @param table the table it fires on
 * @param timing {@code BEFORE} or {@code AFTER}
 * @param event {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param body the body, as canonical token text
 * @param definer the definer as {@code user@host}, or null when unknown
 */
public record Trigger(
    String name, String table, String timing, String event, String body, @Nullable String definer)
    implements SchemaObject {

  /** Upper-cases the keywords and strips quotes from the definer. */
  public Trigger {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    timing = timing.toUpperCase(Locale.ROOT);
    event = event.toUpperCase(Locale.ROOT);
    Objects.requireNonNull(body, "body");
    definer = Definers.canonical(definer);
  }
}
