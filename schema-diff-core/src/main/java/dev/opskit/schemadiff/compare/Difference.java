package dev.opskit.schemadiff.compare;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One difference inside an object: a column added, an option changed, the column order changed.
 *
 * @param aspect what part of the object differs
 * @param name the part's name (a column, index, constraint or option name; empty for orders and
 *     definitions)
 * @param changeType whether the part was added, removed or changed
 * @param from the part in {@code from}, as canonical SQL text, or null when added
 * @param to the part in {@code to}, as canonical SQL text, or null when removed
 */
public record Difference(
    Aspect aspect, String name, ChangeType changeType, @Nullable String from, @Nullable String to) {
  /** Checks the fields. */
  public Difference {
    Objects.requireNonNull(aspect, "aspect");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(changeType, "changeType");
  }

  /**
   * Describes the difference in one line.
   *
   * @return for example {@code column `email` changed: `email` varchar(100) ... -> `email`
   *     varchar(255) ...}
   */
  public String describe() {
    String what = aspect.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    String label = name.isEmpty() ? what : what + " " + name;
    return switch (changeType) {
      case ADDED -> label + " added: " + to;
      case REMOVED -> label + " removed: " + from;
      case CHANGED -> label + " changed: " + from + " -> " + to;
    };
  }
}
