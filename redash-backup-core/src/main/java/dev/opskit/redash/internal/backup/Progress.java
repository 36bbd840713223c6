package dev.opskit.redash.internal.backup;

import dev.opskit.redash.ProgressEvent.Phase;

/** Where the steps of a run report progress; the run turns it into listener events. */
@FunctionalInterface
public interface Progress {
  /**
   * Reports a step or the bytes moved so far.
   *
   * @param phase the step
   * @param dumped bytes dumped or restored so far
   * @param stored bytes stored or read so far
   * @param message what is happening
   */
  void emit(Phase phase, long dumped, long stored, String message);
}
