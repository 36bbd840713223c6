package dev.opskit.ecs.internal.watch;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a rollback achieved.
 *
 * <p>Internal to opskit; may change in any release.
 *
 * @param rolledBack whether the service runs the previous revision again at its desired count, as
 *     read from the service at the end
 * @param problem why it did not get there, or {@code null}
 * @param errors errors met on the way (attached to the deploy's exception as suppressed)
 */
public record RollbackResult(boolean rolledBack, @Nullable String problem, List<Throwable> errors) {
  /** Copies the errors. */
  public RollbackResult {
    errors = List.copyOf(errors);
  }
}
