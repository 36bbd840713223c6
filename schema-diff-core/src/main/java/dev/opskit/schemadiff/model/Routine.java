package dev.opskit.schemadiff.model;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored procedure or function.
 *
 * @param name the routine name
 * @param type {@code PROCEDURE} or {@code FUNCTION}
 * @param parameters the parameter list without parentheses, canonical: {@code IN `a` int, OUT `b`
 *     varchar(10)} (no mode for functions)
 * @param returns the canonical return type of a function, or null for a procedure
 * @param body the body, as canonical token text
 * @param deterministic whether it is declared {@code DETERMINISTIC}
 * @param dataAccess {@code CONTAINS SQL}, {@code NO SQL}, {@code READS SQL DATA} or {@code MODIFIES
 *     SQL DATA}
 * @param security {@code DEFINER} or {@code INVOKER}
 * @param comment the comment, empty when none
 * @param definer the definer as {@code user@host}, or null when unknown
 */
public record Routine(
    String name,
    String type,
    String parameters,
    @Nullable String returns,
    String body,
    boolean deterministic,
    String dataAccess,
    String security,
    String comment,
    @Nullable String definer)
    implements SchemaObject {

  /**
   * Canonicalizes keywords, the parameters, the return type and the definer.
   *
   * @throws IllegalArgumentException if the parameters or the return type cannot be read
   */
  public Routine {
    Objects.requireNonNull(name, "name");
    type = type.toUpperCase(Locale.ROOT);
    Objects.requireNonNull(parameters, "parameters");
    parameters = RoutineParameters.canonical(parameters, type.equals("PROCEDURE"));
    if (returns != null) {
      returns = ColumnTypes.canonical(returns);
    }
    Objects.requireNonNull(body, "body");
    dataAccess = dataAccess.toUpperCase(Locale.ROOT).replace('_', ' ');
    security = security.toUpperCase(Locale.ROOT);
    Objects.requireNonNull(comment, "comment");
    definer = Definers.canonical(definer);
  }
}
