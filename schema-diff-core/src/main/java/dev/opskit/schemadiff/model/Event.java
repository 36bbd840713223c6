package dev.opskit.schemadiff.model;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled event.
 *
 * @param name the event name
 * @param schedule the schedule, as canonical token text ({@code at '...'} or {@code every 1 day
 *     starts '...'})
 * @param preserve whether it is {@code ON COMPLETION PRESERVE}
 * @param status {@code ENABLED}, {@code DISABLED} or {@code SLAVESIDE_DISABLED}
 * @param comment the comment, empty when none
 * @param body the body, as canonical token text
 * @param definer the definer as {@code user@host}, or null when unknown
 */
public record Event(
    String name,
    String schedule,
    boolean preserve,
    String status,
    String comment,
    String body,
    @Nullable String definer)
    implements SchemaObject {

  /** Canonicalizes the status and definer. */
  public Event {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    status = status.toUpperCase(Locale.ROOT).replace(' ', '_');
    if (status.equals("DISABLE_ON_SLAVE") || status.equals("DISABLE_ON_REPLICA")) {
      status = "SLAVESIDE_DISABLED";
    }
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(body, "body");
    definer = Definers.canonical(definer);
  }
}
