package dev.opskit.redash;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a test restore into a scratch database (dropped afterwards).
 *
 * @param backup the backup checked
 * @param rowCounts rows per table found in the scratch database
 * @param secretKeyChecked whether a secret key was given and decrypted the data-source options
 * @param problems what did not match: empty when the backup is good
 * @param duration how long it took
 */
public record VerifyResult(
    BackupRecord backup,
    Map<String, Long> rowCounts,
    boolean secretKeyChecked,
    List<String> problems,
    Duration duration) {
  /** Checks and copies the components. */
  public VerifyResult {
    Objects.requireNonNull(backup, "backup");
    rowCounts = Map.copyOf(rowCounts);
    problems = List.copyOf(problems);
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * Whether the backup restored and matched its manifest.
   *
   * @return true when there are no problems
   */
  public boolean ok() {
    return problems.isEmpty();
  }
}
