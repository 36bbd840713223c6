package dev.opskit.schemadiff.compare;

/** The kinds of schema object a comparison covers. */
public enum ObjectKind {
  /** The schema's own defaults (character set and collation). */
  SCHEMA,
  /** A table. */
  TABLE,
  /** A view. */
  VIEW,
  /** A trigger. */
  TRIGGER,
  /** A stored procedure. */
  PROCEDURE,
  /** A stored function. */
  FUNCTION,
  /** A scheduled event. */
  EVENT
}
