package dev.opskit.schemadiff.model;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A view.
 *
 * @param name the view name
 * @param definition the query, as canonical token text (see {@link
 *     dev.opskit.schemadiff.internal.sql.SqlExpressions#canonicalBody(String, String)})
 * @param algorithm {@code UNDEFINED}, {@code MERGE} or {@code TEMPTABLE}
 * @param security {@code DEFINER} or {@code INVOKER}
 * @param checkOption {@code NONE}, {@code CASCADED} or {@code LOCAL}
 * @param definer the definer as {@code user@host} without quotes, or null when unknown
 */
public record View(
    String name,
    String definition,
    String algorithm,
    String security,
    String checkOption,
    @Nullable String definer)
    implements SchemaObject {

  /** Upper-cases the keywords and strips quotes from the definer. */
  public View {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definition, "definition");
    algorithm = algorithm.toUpperCase(Locale.ROOT);
    security = security.toUpperCase(Locale.ROOT);
    checkOption = checkOption.toUpperCase(Locale.ROOT);
    definer = Definers.canonical(definer);
  }
}
