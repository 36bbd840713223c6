package dev.opskit.schemadiff;

import java.util.List;

/**
 * Targets of a fleet comparison that drift from the reference in exactly the same way.
 *
 * @param targets the targets' names, sorted
 * @param drift what differs, one line each, from the target's side: {@code table `users`: column
 *     `x` missing}
 */
public record DriftGroup(List<String> targets, List<String> drift) {
  /** Copies the lists. */
  public DriftGroup {
    targets = List.copyOf(targets);
    drift = List.copyOf(drift);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a drift group needs at least one target");
    }
  }

  /**
   * Describes the group in one line.
   *
   * @return for example {@code 412 targets: table `users`: column `x` missing}
   */
  public String describe() {
    String what = targets.size() == 1 ? "1 target" : targets.size() + " targets";
    return what + ": " + String.join("; ", drift);
  }
}
