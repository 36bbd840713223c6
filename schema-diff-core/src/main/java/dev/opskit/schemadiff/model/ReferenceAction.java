package dev.opskit.schemadiff.model;

import java.util.Locale;

/** What a foreign key does when the referenced row is deleted or updated. */
public enum ReferenceAction {
  /** {@code RESTRICT}; InnoDB treats {@code NO ACTION} and an omitted clause the same way. */
  RESTRICT,
  /** {@code CASCADE}. */
  CASCADE,
  /** {@code SET NULL}. */
  SET_NULL,
  /** {@code SET DEFAULT}. */
  SET_DEFAULT;

  /**
   * Parses an action as SQL or {@code information_schema} spell it.
   *
   * @param text such as {@code NO ACTION}, {@code set null}, or null for an omitted clause
   * @return the action
   */
  public static ReferenceAction parse(String text) {
    String normalized = text.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", "_");
    return switch (normalized) {
      case "", "RESTRICT", "NO_ACTION" -> RESTRICT;
      case "CASCADE" -> CASCADE;
      case "SET_NULL" -> SET_NULL;
      case "SET_DEFAULT" -> SET_DEFAULT;
      default -> throw new IllegalArgumentException("not a foreign key action: '" + text + "'");
    };
  }

  /**
   * Returns the action as SQL spells it.
   *
   * @return such as {@code SET NULL}
   */
  public String sql() {
    return name().replace('_', ' ');
  }
}
