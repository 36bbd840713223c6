package dev.opskit.ecs.internal;

import java.time.Instant;

/**
 * The deployment a {@link RolloutWatcher} waits for.
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
    boolean maxFailedTasksAlways) {}
