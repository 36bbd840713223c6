package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.ServiceDeploymentFacts;
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
 * @param facts what the service-deployments API said about the failed deployment at the end, or
 *     {@code null}
 */
public record RollbackResult(
    boolean rolledBack,
    @Nullable String problem,
    List<Throwable> errors,
    @Nullable ServiceDeploymentFacts facts) {
  /** Copies the errors. */
  public RollbackResult {
    errors = List.copyOf(errors);
  }

  /**
   * Returns a result without service-deployment facts.
   *
   * @param rolledBack whether the service runs the previous revision again
   * @param problem why it did not get there, or {@code null}
   * @param errors errors met on the way
   */
  public RollbackResult(boolean rolledBack, @Nullable String problem, List<Throwable> errors) {
    this(rolledBack, problem, errors, null);
  }
}
