package dev.opskit.schemadiff.compare;

/** The part of an object a {@link Difference} is about. */
public enum Aspect {
  /** A column's definition. */
  COLUMN,
  /** The order of the columns both sides have. */
  COLUMN_ORDER,
  /** An index's definition. */
  INDEX,
  /** The order of the indexes both sides have. */
  INDEX_ORDER,
  /** A foreign key. */
  FOREIGN_KEY,
  /** A CHECK constraint. */
  CHECK,
  /** A table option such as ENGINE or ROW_FORMAT. */
  OPTION,
  /** The partitioning clause. */
  PARTITIONING,
  /**
   * Something the source holds that the model has no place for ({@link
   * dev.opskit.schemadiff.model.UnmodeledAttribute}), compared as text; the migration cannot carry
   * it out.
   */
  UNMODELED,
  /** The whole definition of a view, trigger, routine or event. */
  DEFINITION,
  /** The schema's default character set. */
  DEFAULT_CHARSET,
  /** The schema's default collation. */
  DEFAULT_COLLATION
}
