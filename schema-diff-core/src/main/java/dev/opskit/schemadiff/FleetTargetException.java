package dev.opskit.schemadiff;

import java.util.Objects;

/**
 * Why one target of a fleet comparison could not be compared; the other targets were compared all
 * the same ({@link FleetDiff#failed()}).
 */
public final class FleetTargetException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  /** What went wrong with a target. */
  public enum Kind {
    /** Its server refused or dropped the connection, or a query failed. */
    UNREACHABLE,
    /** Its server has no schema of that name. */
    MISSING,
    /** Reading it took longer than the comparator's target timeout. */
    TIMED_OUT,
    /** It was read but cannot be compared: DDL that does not parse, an unreadable expression. */
    UNREADABLE
  }

  private final String target;
  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param target the target's name
   * @param kind what went wrong
   * @param message what went wrong, naming the source without credentials
   * @param cause the underlying failure, or null
   */
  public FleetTargetException(String target, Kind kind, String message, Throwable cause) {
    super("target " + target + ": " + message, cause);
    this.target = Objects.requireNonNull(target, "target");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Returns the target's name.
   *
   * @return the name
   */
  public String target() {
    return target;
  }

  /**
   * Returns what went wrong.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
