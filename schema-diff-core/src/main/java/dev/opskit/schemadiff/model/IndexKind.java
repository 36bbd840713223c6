package dev.opskit.schemadiff.model;

/** The kinds of table index. */
public enum IndexKind {
  /** The primary key. */
  PRIMARY,
  /** A unique index. */
  UNIQUE,
  /** A plain, non-unique index. */
  INDEX,
  /** A FULLTEXT index. */
  FULLTEXT,
  /** A SPATIAL index. */
  SPATIAL,
  /** A MariaDB 11.7+ VECTOR index. */
  VECTOR
}
