package dev.opskit.ecs.internal.watch;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.Deployment;

/**
 * The deployment a {@link DeploymentWatch} waits for.
 *
 * <p>Internal to opskit; may change in any release.
 *
 * @param deploymentId the id {@code UpdateService} returned
 * @param taskDefinitionArn the revision it deploys
 * @param previousTaskDefinitionArn the revision the service ran before it
 * @param createdAt when ECS created the deployment (server time)
 * @param maxFailedTasks stopped tasks after which the rollout counts as failing
 * @param maxFailedTasksAlways true to apply {@code maxFailedTasks} even when the circuit breaker is
 *     on (it was set explicitly); false to leave the decision to the circuit breaker then
 */
public record WatchTarget(
    String deploymentId,
    String taskDefinitionArn,
    String previousTaskDefinitionArn,
    Instant createdAt,
    int maxFailedTasks,
    boolean maxFailedTasksAlways) {

  /**
   * Returns the target for a deployment of the deployments list.
   *
   * @param d the deployment
   * @param previous the revision the service ran before it
   * @param explicitLimit the stopped-task limit set on the builder, or {@code null} for the circuit
   *     breaker's own threshold (half the desired count, at least 3, at most 200)
   * @param now when the deployment was seen, if ECS did not say when it was created
   * @return the target
   */
  public static WatchTarget of(
      Deployment d, String previous, @Nullable Integer explicitLimit, Instant now) {
    int desired = d.desiredCount() == null ? 0 : d.desiredCount();
    int limit =
        explicitLimit != null ? explicitLimit : Math.max(3, Math.min(200, (desired + 1) / 2));
    return new WatchTarget(
        d.id(),
        d.taskDefinition(),
        previous,
        d.createdAt() == null ? now : d.createdAt(),
        limit,
        explicitLimit != null);
  }
}
