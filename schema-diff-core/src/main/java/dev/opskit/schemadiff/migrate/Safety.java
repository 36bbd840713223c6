package dev.opskit.schemadiff.migrate;

/** Whether running a migration statement can lose or change data. */
public enum Safety {
  /** The statement changes only the structure; every row and value survives. */
  SAFE,
  /**
   * The statement can lose data or change values: drops, narrowing types, charset changes, an
   * engine that does not keep every row on disk.
   */
  UNSAFE
}
