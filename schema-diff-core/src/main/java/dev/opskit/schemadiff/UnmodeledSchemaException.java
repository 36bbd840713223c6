package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A strict comparison ({@link SchemaComparator.Builder#strict()}) met a schema holding something
 * the model has no place for, such as an index's {@code KEY_BLOCK_SIZE}: opskit could neither
 * compare it fully nor migrate it.
 */
public class UnmodeledSchemaException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** The attributes are immutable records; the list is an immutable copy. */
  @SuppressWarnings("serial")
  private final List<UnmodeledAttribute> attributes;

  private final String sourceName;

  /**
   * Creates the exception.
   *
   * @param sourceName the schema source that holds the attributes
   * @param attributes what it holds outside the model
   */
  public UnmodeledSchemaException(String sourceName, List<UnmodeledAttribute> attributes) {
    super(
        sourceName
            + " holds "
            + attributes.size()
            + (attributes.size() == 1 ? " attribute" : " attributes")
            + " opskit does not model, so it can neither compare them fully nor migrate them: "
            + attributes.stream()
                .limit(10)
                .map(UnmodeledAttribute::describe)
                .collect(Collectors.joining("; "))
            + (attributes.size() > 10 ? "; ..." : "")
            + ". Remove them from the schema, or compare without strict() to see them as"
            + " differences and warnings.");
    this.sourceName = sourceName;
    this.attributes = List.copyOf(attributes);
  }

  /**
   * Returns the schema source that holds the attributes.
   *
   * @return its name, as {@link SchemaSource#name()} gives it
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Returns what the schema holds outside the model.
   *
   * @return the attributes
   */
  public List<UnmodeledAttribute> attributes() {
    return attributes;
  }
}
