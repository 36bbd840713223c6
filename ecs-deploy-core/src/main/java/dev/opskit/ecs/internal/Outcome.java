package dev.opskit.ecs.internal;

import dev.opskit.ecs.FailureKind;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * How watching one deployment ended.
 *
 * <p>Internal to opskit; may change in any release.
 *
 * @param failure why it failed, or {@code null} on success
 * @param reason ECS's or the watcher's explanation
 * @param service the last service snapshot
 * @param serviceDeploymentArn the service deployment that confirmed it, when known
 */
public record Outcome(
    @Nullable FailureKind failure,
    String reason,
    Service service,
    @Nullable String serviceDeploymentArn) {

  /**
   * Tells whether the deployment succeeded.
   *
   * @return true on success
   */
  public boolean succeeded() {
    return failure == null;
  }
}
