package dev.opskit.schemadiff.compare;

/** How an object or one of its parts differs between the {@code from} and {@code to} schemas. */
public enum ChangeType {
  /** It exists only in {@code to}. */
  ADDED,
  /** It exists only in {@code from}. */
  REMOVED,
  /** It exists in both, differently. */
  CHANGED
}
