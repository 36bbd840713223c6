package dev.opskit.schemadiff.model;

import java.util.Objects;

/**
 * A schema's default character set and collation, the object a {@code SCHEMA} change is about.
 *
 * @param charset the default character set, such as {@code utf8mb4}
 * @param collation the default collation, such as {@code utf8mb4_general_ci}
 */
public record SchemaDefaults(String charset, String collation) implements SchemaObject {
  /** Checks the fields. */
  public SchemaDefaults {
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(collation, "collation");
  }

  /**
   * Returns the schema defaults' name, which is empty: a schema has one set of defaults.
   *
   * @return {@code ""}
   */
  @Override
  public String name() {
    return "";
  }

  /**
   * Returns the defaults of a schema.
   *
   * @param schema the schema
   * @return its default charset and collation
   */
  public static SchemaDefaults of(Schema schema) {
    return new SchemaDefaults(schema.defaultCharset(), schema.defaultCollation());
  }
}
