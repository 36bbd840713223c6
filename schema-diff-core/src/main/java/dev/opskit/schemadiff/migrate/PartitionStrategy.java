package dev.opskit.schemadiff.migrate;

/**
 * What to do when the RANGE or LIST partitions of a table change in a way that has two readings:
 * some partitions disappear while others change or appear, so their rows could be deleted or moved
 * into the new partitions. The common case is a rotation, where the oldest partition goes and new
 * ones arrive; {@link #DROP_ROWS}, the default, does what a DBA does then.
 */
public enum PartitionStrategy {
  /**
   * Refuse to plan the ambiguous change with {@code AmbiguousMigrationException}, naming the table
   * and these choices: for callers that want to decide each such change themselves.
   */
  FAIL_WHEN_AMBIGUOUS,
  /** Keep every row: {@code REORGANIZE PARTITION} moves the rows of the removed partitions. */
  KEEP_ROWS,
  /**
   * Delete the rows of the removed partitions with {@code DROP PARTITION} (an unsafe statement,
   * left out unless unsafe statements are allowed), then add the new partitions ({@code REORGANIZE}
   * of the {@code MAXVALUE} partition when there is one). The default; the script's comment on the
   * drop names the other choices.
   */
  DROP_ROWS,
  /** Re-partition the whole table with {@code PARTITION BY} for any partitioning change. */
  REPARTITION
}
