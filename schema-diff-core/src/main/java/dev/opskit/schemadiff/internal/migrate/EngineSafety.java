package dev.opskit.schemadiff.internal.migrate;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an {@code ENGINE} change keeps the table's rows. Only a change into an engine
 * that stores every row durably and as it is is safe: InnoDB, MyISAM, Aria and ARCHIVE. ARCHIVE
 * keeps rows zlib-compressed in its own row format and has no index but one on an AUTO_INCREMENT
 * column: a table it cannot hold makes the ALTER fail, which loses nothing. The engine a table
 * leaves does not matter, since its rows are copied, except that a BLACKHOLE table has none to
 * lose.
 *
 * <p>{@code LossyChangeIT} applies every pair of InnoDB, MyISAM, Aria, ARCHIVE, MEMORY, BLACKHOLE,
 * CSV and MERGE that the server has (MariaDB 10.11 as installed lacks ARCHIVE and BLACKHOLE, MySQL
 * has no Aria) and reads the rows back. MEMORY and CSV keep the rows of that test, and are UNSAFE
 * by rule: MEMORY empties at a restart; CSV is not proven for every type.
 */
final class EngineSafety {
  private static final Set<String> KEEPS_ROWS = Set.of("innodb", "myisam", "aria", "archive");

  /** What happens to the rows in the engines known to lose them, or to keep them elsewhere. */
  private static final Map<String, String> LOSSES =
      Map.ofEntries(
          Map.entry("blackhole", "which discards every row: the table's rows are lost"),
          Map.entry(
              "memory",
              "which keeps rows only in memory: they are lost when the server restarts, and"
                  + " BLOB/TEXT columns are refused"),
          Map.entry(
              "heap",
              "which keeps rows only in memory: they are lost when the server restarts, and"
                  + " BLOB/TEXT columns are refused"),
          Map.entry(
              "csv",
              "which keeps every value as text in a CSV file: not proven to keep every value"),
          Map.entry("mrg_myisam", "which holds no rows of its own: the table's rows are lost"),
          Map.entry("merge", "which holds no rows of its own: the table's rows are lost"),
          Map.entry(
              "federated", "whose rows live on another server: the table's own rows are not kept"),
          Map.entry(
              "connect", "whose rows live in another data source: the table's rows are not kept"),
          Map.entry(
              "spider", "whose rows live on another server: the table's own rows are not kept"),
          Map.entry("sequence", "which holds a sequence, not rows: the table's rows are lost"));

  private EngineSafety() {}

  /**
   * Returns why changing a table's engine to {@code to} can lose rows, or null when it keeps them.
   *
   * @param table the table's name
   * @param from the engine the table has, in any case, or null when not known
   * @param to the new engine, in any case
   */
  static @Nullable String unsafeReason(String table, @Nullable String from, String to) {
    String engine = to.toLowerCase(Locale.ROOT);
    if (KEEPS_ROWS.contains(engine) || "blackhole".equalsIgnoreCase(from)) {
      return null;
    }
    String loss =
        LOSSES.getOrDefault(
            engine, "which opskit does not know to keep every row durably: rows may be lost");
    return "changes the storage engine of table " + table + " to " + to + ", " + loss;
  }
}
