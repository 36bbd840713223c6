package dev.opskit.schemadiff.migrate;

/**
 * What to do when the RANGE or LIST partitions of a table change in a way that has two readings:
 * some partitions disappear while others change or appear, so their rows could be deleted or moved
 * into the new partitions.
 */
public enum PartitionStrategy {
  /** Refuse to plan the ambiguous change, naming the table and these choices. The default. */
  FAIL_WHEN_AMBIGUOUS,
  /** Keep every row: {@code REORGANIZE PARTITION} moves the rows of the removed partitions. */
  KEEP_ROWS,
  /**
   * Delete the rows of the removed partitions with {@code DROP PARTITION} (unsafe), then
   * reorganize.
   */
  DROP_ROWS,
  /** Re-partition the whole table with {@code PARTITION BY} for any partitioning change. */
  REPARTITION
}
