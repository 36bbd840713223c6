package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A strict comparison ({@link SchemaComparator.Builder#strict()}) found what opskit cannot fully
 * compare or migrate: attributes outside its model that differ (such as an index's {@code
 * KEY_BLOCK_SIZE}), or belong to an object the migration would create, or a live read that did not
 * match the server's {@code SHOW CREATE TABLE}.
 */
public final class UnmodeledSchemaException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** The attributes are immutable records; the list is an immutable copy. */
  @SuppressWarnings("serial")
  private final List<UnmodeledAttribute> attributes;

  private final String fromName;
  private final String toName;

  /**
   * Creates the exception.
   *
   * @param fromName the {@code from} schema source's name
   * @param toName the {@code to} schema source's name
   * @param attributes what opskit could not compare or migrate
   */
  public UnmodeledSchemaException(
      String fromName, String toName, List<UnmodeledAttribute> attributes) {
    super(
        "comparing "
            + fromName
            + " to "
            + toName
            + ": "
            + attributes.size()
            + (attributes.size() == 1 ? " finding" : " findings")
            + " outside opskit's model, which it can neither compare fully nor migrate: "
            + attributes.stream()
                .limit(10)
                .map(UnmodeledAttribute::describe)
                .collect(Collectors.joining("; "))
            + (attributes.size() > 10 ? "; ..." : "")
            + ". Make them by hand or remove them, or compare without strict() to see them as"
            + " differences (Aspect.UNMODELED) and in MigrationPlan.byHand().");
    this.fromName = fromName;
    this.toName = toName;
    this.attributes = List.copyOf(attributes);
  }

  /**
   * Returns the {@code from} schema source's name.
   *
   * @return its name, as {@link SchemaSource#name()} gives it
   */
  public String fromName() {
    return fromName;
  }

  /**
   * Returns the {@code to} schema source's name.
   *
   * @return its name, as {@link SchemaSource#name()} gives it
   */
  public String toName() {
    return toName;
  }

  /**
   * Returns what opskit could not compare or migrate.
   *
   * @return the attributes
   */
  public List<UnmodeledAttribute> attributes() {
    return attributes;
  }
}
