package dev.opskit.redash;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A finished restore.
 *
 * @param backup the backup restored
 * @param database the database now holding it
 * @param previousDatabase where the replaced database was kept, null when there was none or it was
 *     dropped
 * @param rowCounts rows per table in the restored database (equal to the backup's)
 * @param warnings what needs a human: an alembic revision the running Redash does not expect, no
 *     reader password given, no secret key to check
 * @param duration how long it took
 */
public record RestoreResult(
    BackupRecord backup,
    String database,
    @Nullable String previousDatabase,
    Map<String, Long> rowCounts,
    List<String> warnings,
    Duration duration) {
  /** Checks and copies the components. */
  public RestoreResult {
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(database, "database");
    rowCounts = Map.copyOf(rowCounts);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(duration, "duration");
  }
}
